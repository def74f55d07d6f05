#!/bin/sh
# Writes <base>/configuration/standalone-ee-microprofile.xml: a fresh copy of that base's standalone.xml with
# MicroProfile Health and OpenAPI added (microprofile.cli beside this script). Run by the build (pom.xml,
# prepare-package) for the run command's server and the ITs' pristine base; a base that does not exist is skipped,
# one whose file is newer than its standalone.xml and the script is left as it is (the embedded CLI takes 10-40 s).
# Usage: add-microprofile.sh JBOSS_HOME BASE_DIR...
set -e
home=$1
shift
script=$(dirname "$0")/microprofile.cli
for base in "$@"; do
    [ -f "$base/configuration/standalone.xml" ] || continue
    target="$base/configuration/standalone-ee-microprofile.xml"
    if [ "$target" -nt "$base/configuration/standalone.xml" ] && [ "$target" -nt "$script" ]; then
        continue
    fi
    cp "$base/configuration/standalone.xml" "$target.new"
    mv "$target.new" "$target"
    JAVA_OPTS="-Djboss.server.base.dir=$base" "$home/bin/jboss-cli.sh" --file="$script" >"$base/add-microprofile.log" 2>&1 || {
        cat "$base/add-microprofile.log" >&2
        exit 1
    }
done
