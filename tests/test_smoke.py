from conftest import run_visits


def test_example_records_validate_cleanly(example_repo):
    result = run_visits("validate", root=example_repo)
    assert result.code == 0, result.out
    assert " 0 errors, " in result.out.splitlines()[-1]
