"""hooks.readers.pinfile: the pins of a compiled requirements file."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.readers import pinfile
from hooks.report import BadInput

many = settings(max_examples=300, deadline=None)

req_text = st.text(st.sampled_from(list('abcXYZ019 .-_=<>!~;@[]()#\\\'"/:\r\n\t,*&') + ['\ufeff', '€', '\x00']), max_size=200)


PINS = (
    pytest.param('Django==4.2.7\n', ('django', '4.2.7', ()), id='pin'),
    pytest.param('django[argon2]==4.2.7 ; python_version >= "3.8"\n', ('django', '4.2.7', ()), id='extras and marker'),
    pytest.param('django==4.2.7 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via -r requirements.in\n', ('django', '4.2.7', ('-r requirements.in',)), id='hashes'),
    pytest.param('django==4.2.7             # via aldryn-django, django-cms\n', ('django', '4.2.7', ('aldryn-django', 'django-cms')), id='inline via'),
    pytest.param('django==4.2.7\n    # via\n    #   -r /workspace/requirements.in\n    #   django-cms\n', ('django', '4.2.7', ('-r /workspace/requirements.in', 'django-cms')), id='via block'),
    pytest.param('aldryn-sso @ https://h/aldryn-sso-1.6.1.tar.gz\n', ('aldryn-sso', '1.6.1', ()), id='name @ url, version from archive'),
    pytest.param('https://h/x.tar.gz#egg=aldryn-sso==1.6.1\n', ('aldryn-sso', '1.6.1', ()), id='url with egg'),
    pytest.param('-e /app/addons-dev/my-addon\n', ('my-addon', None, ()), id='editable path'),
    # issue 18, item 13: as pip reads them
    pytest.param('django==${AP_DJANGO_VERSION}\n', ('django', '4.2.7', ()), id='environment variable'),
    pytest.param('./simple-0.1-py2.py3-none-any.whl\n', ('simple', '0.1', ()), id='wheel named by its file name'),
    pytest.param('gunicorn @ git+https://h/gunicorn@20.1.0#egg=gunicorn[eventlet]==20.1.0\n', ('gunicorn', '20.1.0', ()), id='egg with extras'),
)


@pytest.mark.parametrize(('text', 'expected'), PINS)
def test_read_pins(monkeypatch: pytest.MonkeyPatch, text: str, expected: tuple[str, str | None, tuple[str, ...]]) -> None:
    monkeypatch.setenv('AP_DJANGO_VERSION', '4.2.7')
    (pin,) = pinfile.read_pins(text, 'requirements.txt').values()
    assert (pin.name, pin.version, pin.via) == expected


def test_unsafe_footer_is_a_pin_without_a_version_not_a_via() -> None:
    text = 'six==1.16.0\n    # via\n    #   a\n# The following packages are considered to be unsafe in a requirements file:\n# setuptools\n'
    pins = pinfile.read_pins(text, 'requirements.txt')
    assert list(pins) == ['six', 'setuptools'] and pins['six'].via == ('a',)
    assert (pins['setuptools'].version, pins['setuptools'].unsafe, pins['setuptools'].line) == (None, True, 5)


@many
@given(req_text)
def test_any_text_reads_as_pins_or_bad_input(text: str) -> None:
    try:
        pinfile.read_pins(text, 'requirements.txt')
    except BadInput as e:
        assert str(e).startswith('requirements.txt:')
