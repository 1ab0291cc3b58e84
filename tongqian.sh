#!/usr/bin/env bash
# One entry point for newcomers and CI on Debian 12:
#   ./tongqian.sh app     install packages, build, start the desktop app (built-in back-end)
#   ./tongqian.sh test    install packages, build, run every test
#   ./tongqian.sh server  install packages, build, run tongqian-server (pass its flags after --)
#   ./tongqian.sh bench   install packages, build the benchmarks, run them
#   ./tongqian.sh demo    install packages, build, run a sandbox server and the demo trading platform
# Runs apt-get as root (or through sudo); installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

cmd=${1:-}
shift || true

build_pkgs=(cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-declarative-dev qt6-multimedia-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-l10n-tools libzxing-dev libqrencode-dev libssl-dev openssl qtkeychain-qt6-dev)
run_pkgs=(qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtqml-workerscript
    qml6-module-qtmultimedia qml6-module-qtquick-dialogs libqt6sql6-sqlite libqt6sql6-psql
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav qt6-image-formats-plugins fonts-noto-cjk)
# postgresql-15: the server suites run a second time on a throw-away cluster of Debian's server
# binaries (ctest fixture `postgresql`, tests/support/postgres-cluster.sh).
# valgrind: tst_sm2consttime runs under memcheck to find branches on secret scalars.
test_pkgs=(xvfb xauth libgl1-mesa-dri dbus gnome-keyring chromium jq clang libclang-rt-14-dev postgresql-15 valgrind)

install_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "Installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# build PRESET [TARGET...]: configures and builds the targets given (all of them if none), so
# that `app` builds the app and what it links, not every test suite.
build() {
    local preset=$1
    shift
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" ${1:+--target "$@"}
}

# The asan preset (clang, ASan + UBSan, libFuzzer; docs/testing.md): the unit and server suites, the
# fuzz corpus replays and a bounded run of each fuzz target. Builds only what those tests need.
sanitized_tests() {
    build asan tongqian-sanitized-suites
    ctest --preset asan
}

case "$cmd" in
app)
    install_packages "${build_pkgs[@]}" "${run_pkgs[@]}"
    build release tongqian
    exec build/release/app/tongqian "$@"
    ;;
server)
    install_packages "${build_pkgs[@]}" "${run_pkgs[@]}"
    build release tongqian-server
    exec build/release/server/tongqian-server "$@"
    ;;
test)
    install_packages "${build_pkgs[@]}" "${run_pkgs[@]}" "${test_pkgs[@]}"
    build dev
    ctest --preset dev "$@"
    sanitized_tests
    ;;
bench)
    install_packages "${build_pkgs[@]}" "${run_pkgs[@]}"
    build bench
    exec cmake --build --preset bench --target run-benchmarks
    ;;
demo)
    install_packages "${build_pkgs[@]}" "${run_pkgs[@]}"
    build release tongqian-server tongqian-demo-platform
    # State survives restarts, so the platform stays registered with the same server database.
    state=${TONGQIAN_DEMO_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/tongqian-demo}
    server_port=${TONGQIAN_DEMO_SERVER_PORT:-8080}
    server_url=http://127.0.0.1:$server_port
    platform_listen=127.0.0.1:${TONGQIAN_DEMO_PLATFORM_PORT:-8090}
    mkdir -p "$state" && chmod 700 "$state"
    build/release/server/tongqian-server --listen "127.0.0.1:$server_port" --db "sqlite:$state/server.sqlite" &
    server_pid=$!
    trap 'kill "$server_pid" 2>/dev/null || true' EXIT INT TERM
    for _ in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$server_port") 2>/dev/null && break
        kill -0 "$server_pid" 2>/dev/null || { echo "tongqian-server did not start" >&2; exit 1; }
        sleep 0.2
    done
    echo "Tongqian server (sandbox):      $server_url/   SMS codes: $server_url/sandbox/outbox"
    echo "App against it:                 build/release/app/tongqian --server $server_url"
    build/release/demo-platform/tongqian-demo-platform --server "$server_url" --listen "$platform_listen" \
        --data-dir "$state/platform" "$@"
    ;;
*)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
