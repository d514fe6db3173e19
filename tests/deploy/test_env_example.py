import re

from tests.deploy.conftest import DEPLOY, ROOT

READ = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"|env_secret\(\s*"([A-Z][A-Z0-9_]+)"')
DOCUMENTED = re.compile(r"^#?([A-Z][A-Z0-9_]+?)(?:_FILE)?=", re.MULTILINE)


def test_it_documents_every_setting_nafitha_reads():
    source = (ROOT / "nafitha" / "settings.py").read_text()
    read = {a or b for a, b in READ.findall(source)}
    documented = set(DOCUMENTED.findall((DEPLOY / "nafitha.env.example").read_text()))
    assert read, "no settings found: has settings.py changed how it reads the environment?"
    assert sorted(read - documented) == []
