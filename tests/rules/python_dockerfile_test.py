"""Rule 8's Dockerfile target (hooks/rules/python_dockerfile.py), through
requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from hooks.rules.target import image_python
from testing.fresh import FIX_DIVIO
from testing.fresh import run
from testing.rule8 import image_fix
from testing.rule8 import INSTALL
from testing.rule8 import mismatch
from testing.rule8 import PIP_TOOLS_7
from testing.rule8 import project

# Dockerfiles, against pins compiled for Python 3.11 (pip-tools 7)
DOCKERFILES = (
    pytest.param('FROM python:3.11-slim\n' + INSTALL, [], id='official tag, same Python'),
    pytest.param('FROM python:3.11.7-bookworm\n' + INSTALL, [], id='X.Y.Z tag, same major.minor'),
    pytest.param('FROM python:3.12-slim\n' + INSTALL, mismatch(1, '3.12'), id='official tag'),
    pytest.param('FROM docker.io/library/python:3.9\n' + INSTALL, mismatch(1, '3.9'), id='full reference'),
    pytest.param('FROM localhost:5000/python:3.10-alpine\n' + INSTALL, mismatch(1, '3.10'), id='registry with a port'),
    pytest.param('from python:3.13.0rc1-slim\n' + INSTALL, mismatch(1, '3.13'), id='release candidate, lower case from'),
    pytest.param(
        'FROM python:3.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' + INSTALL,
        mismatch(1, '3.12'), id='a digest with a tag still names it',
    ),
    pytest.param(
        'FROM python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' + INSTALL,
        [], id='a digest alone names none',
    ),
    pytest.param('FROM python:3\n' + INSTALL, [], id='major only: not judged'),
    pytest.param('FROM python\n' + INSTALL, [], id='no tag: not judged'),
    pytest.param('FROM python:slim-bookworm\n' + INSTALL, [], id='tag without a version'),
    pytest.param('FROM --platform=linux/amd64 python:3.9 AS app\n' + INSTALL, mismatch(1, '3.9'), id='--platform flag'),
    pytest.param('FROM pypy:3.10-slim\n' + INSTALL, mismatch(1, '3.10'), id='pypy'),
    pytest.param('FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim\n' + INSTALL, mismatch(1, '3.12'), id='pythonX.Y in a tag'),
    pytest.param('FROM ubuntu:22.04\n' + INSTALL, [], id='an image that names no Python'),
    pytest.param('# syntax=docker/dockerfile:1\nARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\n' + INSTALL, mismatch(3, '3.12'), id='ARG default in FROM'),
    pytest.param('ARG PYTHON_VERSION="3.9"\nFROM python:$PYTHON_VERSION\n' + INSTALL, mismatch(2, '3.9'), id='quoted ARG, $NAME'),
    pytest.param('ARG BASE=python:3.10-slim\nFROM ${BASE} AS build\n' + INSTALL, mismatch(2, '3.10'), id='the whole image from an ARG'),
    pytest.param('ARG PYTHON_VERSION\nFROM python:${PYTHON_VERSION}-slim\n' + INSTALL, [], id='ARG without a default: not judged'),
    pytest.param('FROM python:${PYTHON_VERSION}-slim\n' + INSTALL, [], id='undeclared ARG: not judged'),
    pytest.param('ARG PYTHON_VERSION\nFROM python:${PYTHON_VERSION:-3.10}-slim\n' + INSTALL, mismatch(2, '3.10'), id='${NAME:-default}'),
    pytest.param('FROM python:${V:+3.9}\n' + INSTALL, [], id='${NAME:+word}: not judged'),
    pytest.param('FROM python:3.11\nARG V=3.9\nFROM python:${V}\n' + INSTALL, [], id='an ARG inside a stage is no FROM argument'),
    pytest.param(
        'FROM python:3.12 AS build\nCOPY requirements.txt .\nRUN pip wheel -r requirements.txt -w /wheels\n'
        'FROM node:20 AS assets\nRUN npm ci\nFROM python:3.11-slim\nCOPY --from=build /wheels /wheels\n',
        mismatch(1, '3.12'), id='multi-stage: the stage that installs',
    ),
    pytest.param(
        'FROM python:3.12 AS lock\nRUN pip-compile -o requirements.txt requirements.in\n'
        'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
        [], id='multi-stage: a stage that compiles is not the one that installs',
    ),
    pytest.param(
        'FROM python:3.9 AS base\nFROM base AS deps\nCOPY requirements.txt .\n'
        'FROM python:3.11-slim\nRUN echo requirements.txt\n',
        mismatch(1, '3.9'), id='multi-stage: the COPY, not a mention in a RUN',
    ),
    pytest.param(
        'FROM node:20 AS assets\nRUN npm ci\nFROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n'
        'FROM python:3.12-slim AS docs\n',
        [], id='multi-stage: a later stage does not count',
    ),
    pytest.param(
        'FROM python:3.9-slim AS base\nENV PYTHONUNBUFFERED=1\nFROM base AS build\nRUN pip install --requirement requirements.txt\nFROM base\n',
        mismatch(1, '3.9'), id='multi-stage: through stage names',
    ),
    pytest.param(
        'FROM python:3.11 AS build\nRUN pip install build\nFROM python:3.10-slim\nCOPY . /app\n',
        mismatch(3, '3.10'), id='multi-stage, nothing installs the file: the last stage',
    ),
    pytest.param('# <DOCKER_FROM>\nFROM divio/base:4.18-py3.9-slim-buster\n# </DOCKER_FROM>\n' + INSTALL, mismatch(2, '3.9'), id='divio/base'),
    pytest.param('FROM divio/base:2.2-py3.6-slim-stretch\n' + INSTALL, mismatch(1, '3.6'), id='old divio/base'),
    pytest.param('FROM aldryn/base-project:py3-3.23\n' + INSTALL, [], id='py3: no minor, not judged'),
    pytest.param('FROM divio/base:4.18-py3.11-slim-buster\n' + INSTALL, [], id='divio/base, same Python'),
    pytest.param(
        'FROM python:3.11-slim\nENV WHEELS_PLATFORM=bookworm-py312\n' + INSTALL,
        ['requirements.txt:2: compiled for Python 3.11, but Dockerfile:2 installs wheels for Python 3.12 (WHEELS_PLATFORM bookworm-py312)'],
        id='WHEELS_PLATFORM',
    ),
    pytest.param(
        'FROM divio/base:4.18-py3.8-slim-buster\nENV LANG=C.UTF-8 WHEELS_PLATFORM="buster-py38"\n' + INSTALL,
        mismatch(1, '3.8') + ['requirements.txt:2: compiled for Python 3.11, but Dockerfile:2 installs wheels for Python 3.8 (WHEELS_PLATFORM buster-py38)'],
        id='divio/base and WHEELS_PLATFORM both disagree',
    ),
    pytest.param('FROM python:3.11-slim\nENV WHEELS_PLATFORM bookworm-py311\n' + INSTALL, [], id='WHEELS_PLATFORM, old ENV form, agrees'),
    pytest.param(
        'FROM python:3.11-slim\nENV PIP_INDEX_URL=https://wheels.example/v1/aldryn-extras+pypi/${WHEELS_PLATFORM:-aldryn-baseproject-py36}/+simple/\n' + INSTALL,
        [], id='a WHEELS_PLATFORM default in a URL is not the platform',
    ),
)


@pytest.mark.parametrize(('dockerfile', 'expected'), DOCKERFILES)
def test_dockerfile_forms(repo: Path, capsys: pytest.CaptureFixture[str], dockerfile: str, expected: list[str]) -> None:
    project(repo, PIP_TOOLS_7, {'Dockerfile': dockerfile})
    rc, out = run(capsys)
    if not expected:
        assert (rc, out) == (0, [])
    elif 'divio/' in dockerfile or 'WHEELS_PLATFORM=' in dockerfile:
        assert (rc, out) == (1, [*expected, FIX_DIVIO[0]])  # no alternative: see rule8_python_test
    else:
        # the recorded pip-compile in the installing stage's image
        assert (rc, out[:-1]) == (1, expected)
        image = out[-1].split(' /src ', 1)[1].split(' sh -c ', 1)[0]
        assert out[-1] == image_fix(image)
        assert image_python(image) == expected[-1].rsplit(' ', 1)[1]
