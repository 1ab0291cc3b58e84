#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the server suites (ctest fixture "postgresql"):
#   postgres-cluster.sh start STATE_DIR              initdb + start; STATE_DIR/cluster names it
#   postgres-cluster.sh run STATE_DIR DBNAME CMD...  a fresh database DBNAME, then CMD with
#                                                    TONGQIAN_TEST_DATABASE_URL pointing at it
#   postgres-cluster.sh stop STATE_DIR               stop the cluster and delete it
# Uses Debian's PostgreSQL binaries (package postgresql-15). The cluster listens on no TCP port,
# only on a unix socket in a private 0700 folder, so no other user of the machine can reach it;
# run as root it runs as the unprivileged user `postgres`, since initdb refuses root.
# Any failure exits non-zero, so the suites that need the cluster fail instead of skipping.
set -euo pipefail

cmd=${1:-}
state=${2:?usage: postgres-cluster.sh start|run|stop STATE_DIR [DBNAME CMD...]}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "postgres-cluster.sh: PostgreSQL server binaries not found; install postgresql-15" >&2
    exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    as_owner=(runuser -u postgres --)
fi

cluster_dir() {
    [ -f "$state/cluster" ] || { echo "postgres-cluster.sh: no cluster started in $state" >&2; exit 1; }
    cat "$state/cluster"
}

stop_cluster() {
    [ -f "$state/cluster" ] || return 0
    local dir
    dir=$(cat "$state/cluster")
    if [ -f "$dir/data/postmaster.pid" ]; then
        "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir" "$state/cluster"
}

case "$cmd" in
start)
    mkdir -p "$state"
    stop_cluster # what an interrupted run left behind
    # Outside the build tree: a unix socket path has a short length limit, and the cluster's
    # owner must be able to reach its folder.
    dir=$(mktemp -d "${TMPDIR:-/tmp}/tongqian-pg.XXXXXX")
    echo "$dir" >"$state/cluster"
    chmod 700 "$dir"
    [ ${#as_owner[@]} -eq 0 ] || chown postgres: "$dir"
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # Durability settings off: the cluster is deleted after the run, and the tests kill the
    # server, never PostgreSQL.
    if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >/dev/null; then
        cat "$dir/server.log" >&2
        exit 1
    fi
    echo "PostgreSQL $("$bindir/postgres" -V | awk '{print $3}') running on the unix socket in $dir"
    ;;
run)
    db=${3:?usage: postgres-cluster.sh run STATE_DIR DBNAME CMD...}
    shift 3
    dir=$(cluster_dir)
    "$bindir/dropdb" -h "$dir" -U postgres --if-exists "$db"
    "$bindir/createdb" -h "$dir" -U postgres "$db"
    export TONGQIAN_TEST_DATABASE_URL="postgresql://postgres@localhost/$db?host=$dir"
    exec "$@"
    ;;
stop)
    stop_cluster
    ;;
*)
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
