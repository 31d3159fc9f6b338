#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the jars the spark module's build copied (no Spark download):
#   spark/bin/local-cluster.sh start [WORKERS] [CORES_PER_WORKER]   -> prints the master URL
#   spark/bin/local-cluster.sh stop
# Then: java -jar spark/target/moe-spark.jar sweep ... --spark spark://127.0.0.1:7077
# Logs and pids in spark/target/local-cluster/. A real cluster uses its own Spark distribution instead
# (README, "Studies on a Spark cluster").
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# SPARK_JARS=DIR: the daemons' and executors' class path (default: every jar of the build, the workbench included;
# a folder of Spark's own jars only mimics a Spark distribution, for spark-submit of moe-spark-submit.jar)
lib="${SPARK_JARS:-$here/target/lib}"
state="$here/target/local-cluster"
port=${SPARK_MASTER_PORT:-7077}
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"

case "${1:-}" in
  start)
    workers=${2:-2}
    cores=${3:-1}
    [[ -d $lib ]] || { echo "no $lib: build first: ./mvnw -B -q -pl spark -am -DskipTests package" >&2; exit 2; }
    rm -rf "$state/home"
    mkdir -p "$state/home/jars"
    ln -sf "$lib"/*.jar "$state/home/jars/"          # executors get SPARK_HOME/jars/* as their class path
    [[ -n ${SPARK_JARS:-} ]] || ln -sf "$here/target/moe-spark.jar" "$state/home/jars/"
    export SPARK_HOME="$state/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
    cp="$lib/*"
    # shellcheck disable=SC2086
    nohup java -Xmx512m $opens -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
      --webui-port 8080 > "$state/master.log" 2>&1 &
    echo $! > "$state/master.pid"
    for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
    for w in $(seq "$workers"); do
      # shellcheck disable=SC2086
      nohup java -Xmx512m $opens -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" \
        --memory 3g --webui-port $((8080 + w)) --work-dir "$state/work$w" "spark://127.0.0.1:$port" \
        > "$state/worker$w.log" 2>&1 &
      echo $! > "$state/worker$w.pid"
    done
    echo "spark://127.0.0.1:$port ($workers workers x $cores cores; logs in $state)"
    ;;
  stop)
    for pid in "$state"/*.pid; do
      [[ -f $pid ]] || continue
      pkill -9 -P "$(cat "$pid")" 2>/dev/null || true   # the worker's executors
      kill "$(cat "$pid")" 2>/dev/null || true
      rm -f "$pid"
    done
    echo stopped
    ;;
  *)
    echo "usage: $0 start [WORKERS] [CORES_PER_WORKER] | stop" >&2
    exit 2
    ;;
esac
