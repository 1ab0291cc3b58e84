#!/bin/sh
# Runs a test inside a private D-Bus session with a throw-away, unlocked GNOME keyring, so the
# OS keychain backend is exercised for real without touching the user's own keyring.
set -eu
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" HOME="$scratch"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- sh -c \
    'printf tongqian-test | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null && "$@"' \
    sh "$@"
