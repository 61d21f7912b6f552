#!/usr/bin/env bash
# Start or stop a throw-away Virtuoso (Debian's virtuoso-opensource) on loopback, for CI's
# check of `push` and `--endpoint` against an independent SPARQL engine.
#   tools/virtuoso.sh start DIR HTTP_PORT SQL_PORT   # database in DIR; waits until it answers
#   tools/virtuoso.sh stop DIR
# Queries: http://127.0.0.1:HTTP_PORT/sparql; Graph Store (digest auth, user dba, password
# dba on a fresh database): http://127.0.0.1:HTTP_PORT/sparql-graph-crud-auth
set -euo pipefail
cmd=$1 dir=$2
case "$cmd" in
start)
  http=$3 sql=$4
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:$sql
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., $dir
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
DefaultQuery = SELECT * WHERE { ?s ?p ?o } LIMIT 10
INI
  cd "$dir"
  virtuoso-t +configfile "$dir/virtuoso.ini" +foreground > "$dir/stdout.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 120); do
    if curl -sf -o /dev/null "http://127.0.0.1:$http/sparql?query=ASK%7B%7D"; then echo "virtuoso: up on 127.0.0.1:$http (pid $(cat "$dir/pid"))"; exit 0; fi
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || { echo "virtuoso: exited; log:"; tail -n 20 "$dir/virtuoso.log" "$dir/stdout.log"; exit 1; }
    sleep 1
  done
  echo "virtuoso: no answer after 120 s"; tail -n 20 "$dir/virtuoso.log"; exit 1
  ;;
stop)
  pid=$(cat "$dir/pid" 2>/dev/null || true)
  [ -n "$pid" ] || exit 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  ;;
*) echo "usage: $0 start DIR HTTP_PORT SQL_PORT | stop DIR" >&2; exit 2 ;;
esac
