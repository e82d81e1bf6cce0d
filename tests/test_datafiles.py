"""analysis.datafiles: every data file has a declared shape, and a file of the wrong shape is named."""

from __future__ import annotations

import copy

import pytest

from analysis.datafiles import SCHEMAS, DataFileError, load, path_of, validate
from analysis.paths import EDITORIAL_DIR, LEXICON_DIR


def test_every_data_file_has_a_schema_and_passes_it():
    on_disk = {p.name for folder in (LEXICON_DIR, EDITORIAL_DIR) for p in folder.iterdir() if p.is_file()}
    assert on_disk == set(SCHEMAS), "a data file without a schema, or a schema without a file"
    for name in SCHEMAS:
        assert load(name) is not None


def test_lexicons_and_editorial_data_are_apart():
    assert path_of("units.yml").parent == LEXICON_DIR
    assert path_of("renderings.yml").parent == EDITORIAL_DIR
    with pytest.raises(DataFileError, match="no data file 'nothing.yml'"):
        path_of("nothing.yml")


@pytest.mark.parametrize("name, break_it, message", [
    ("indicators.yml", lambda d: d["indicators"][0].pop("label"), r"indicators\.yml: field 'indicators\.0\.label': Field required"),
    ("indicators.yml", lambda d: d["indicators"][1].update(lable="x"), r"field 'indicators\.1\.lable': Extra inputs are not permitted"),
    ("consistency.yml", lambda d: d.update(tolerance="ten"), r"consistency\.yml: field 'tolerance'"),
    ("subjects.yml", lambda d: d["countries"].update(Mars="марс"), r"subjects\.yml: field 'countries\.Mars'"),
    ("projects.yml", lambda d: d["projects"].append({"key": "x"}), r"projects\.yml: field 'projects\.\d+\.canonical'"),
])
def test_a_file_of_the_wrong_shape_is_named_with_its_field(name, break_it, message):
    data = copy.deepcopy(load(name))
    break_it(data)
    with pytest.raises(DataFileError, match=message):
        validate(name, data, path_of(name))


def test_a_csv_without_its_columns_is_named():
    with pytest.raises(DataFileError, match=r"outlets\.csv: missing column\(s\) reliability"):
        validate("outlets.csv", [{"outlet": "X", "patterns": "X", "country": "", "type": "", "grade_reason": ""}])
