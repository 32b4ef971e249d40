#!/bin/sh
# Installs the AWS CLI v1 from the Python package index into /tmp/awscli-venv (or $1), for
# the api benchmark's side-by-side comparison. Prints the path of the `aws` executable.
set -eu
venv="${1:-/tmp/awscli-venv}"
if [ ! -x "$venv/bin/aws" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet awscli
fi
"$venv/bin/aws" --version >&2
echo "$venv/bin/aws"
