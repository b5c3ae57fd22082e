# hm's start-up cache, sourced by bin/hm and by the launcher make install writes (POSIX sh).
#
# hm_exec JAVA JAR MAJOR [ARG...] runs hm (hm_flags: C1 only, as a run lasts a second or two, where the
# JIT's top tier costs more than it gains; the serial GC, and no perf data file, each a few per cent faster
# to start and a little smaller, measured) with a cache of the classes it loads, when there is one:
#   Java 25+   an AOT cache (-XX:AOTCache);
#   Java 19-24 a dynamic AppCDS archive (-XX:SharedArchiveFile);
#   older      none.
# The first run of a jar on a JDK makes it in the background (hm_train), from a run of StartupTraining:
# hm's common commands on a project it keeps in an in-memory DynamoDB and STS, so training never reaches
# AWS and a run never waits for it or prints anything of it. The cache is kept in startup-cache/ beside
# the jar, named by the jar (size and time) and the JDK (its path, release file and these flags): a rebuilt
# jar, another JDK or other flags get one of their own, and the caches of older jars are removed. A cache
# the JVM cannot use (truncated, or made for another jar or JDK) it ignores, and -Xlog:...=off keeps it
# from saying so: hm's output never depends on the cache. HM_STARTUP_CACHE=off, or a folder hm may not write, runs without one.

hm_flags="-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"

hm_exec() {
  hm_java=$1 hm_jar=$(cd "${2%/*}" && pwd -P)/${2##*/} hm_major=$3
  shift 3
  hm_dir=${hm_jar%/*}/startup-cache
  if [ "${HM_STARTUP_CACHE:-on}" = off ] || [ "$hm_major" -lt 19 ] || ! mkdir -p "$hm_dir" 2>/dev/null \
      || [ ! -w "$hm_dir" ]; then
    exec "$hm_java" $hm_flags -jar "$hm_jar" "$@"
  fi
  # Parameter expansion where it does (JAVA/bin/java, JAR a path): each process costs a millisecond of every run.
  hm_release=${hm_java%/*}
  hm_release=${hm_release%/*}/release
  hm_jdk=$( (echo "$hm_java $hm_flags"; cat "$hm_release" 2>/dev/null) | cksum)
  hm_jdk=${hm_jdk%% *}
  hm_size=$(wc -c < "$hm_jar")
  hm_built=${hm_size##* }-$(date -r "$hm_jar" +%s)
  for hm_old in "$hm_dir"/hm-*; do
    case $hm_old in
      "$hm_dir/hm-*" | "$hm_dir/hm-$hm_built-"*) ;;
      *) rm -f "$hm_old" ;;
    esac
  done
  hm_cache=$hm_dir/hm-$hm_built-$hm_jdk
  if [ "$hm_major" -ge 25 ] && [ -f "$hm_cache.aot" ]; then
    exec "$hm_java" $hm_flags -XX:AOTCache="$hm_cache.aot" \
      -Xlog:aot*=off -Xlog:cds*=off -jar "$hm_jar" "$@"
  fi
  if [ "$hm_major" -lt 25 ] && [ -f "$hm_cache.jsa" ]; then
    exec "$hm_java" $hm_flags -XX:SharedArchiveFile="$hm_cache.jsa" \
      -Xlog:cds*=off -jar "$hm_jar" "$@"
  fi
  if [ ! -e "$hm_cache.tried" ]; then
    : > "$hm_cache.tried"  # one training per jar and JDK, whatever comes of it
    hm_train "$hm_java" "$hm_jar" "$hm_major" "$hm_cache" < /dev/null > /dev/null 2>&1 &
  fi
  exec "$hm_java" $hm_flags -jar "$hm_jar" "$@"
}

# hm_train JAVA JAR MAJOR CACHE: CACHE.aot or CACHE.jsa from a run of StartupTraining, made under another
# name and renamed when whole, so that no run ever opens half a cache.
hm_train() {
  hm_tmp=$4.$$
  if [ "$3" -ge 25 ]; then
    nice "$1" $hm_flags -XX:AOTMode=record -XX:AOTConfiguration="$hm_tmp.conf" \
        -cp "$2" dev.harbourmaster.cli.StartupTraining \
      && nice "$1" $hm_flags -XX:AOTMode=create \
        -XX:AOTConfiguration="$hm_tmp.conf" -XX:AOTCache="$hm_tmp.aot" -cp "$2" dev.harbourmaster.cli.StartupTraining \
      && mv -f "$hm_tmp.aot" "$4.aot"
  else
    nice "$1" $hm_flags -XX:ArchiveClassesAtExit="$hm_tmp.jsa" \
        -cp "$2" dev.harbourmaster.cli.StartupTraining \
      && [ -f "$hm_tmp.jsa" ] && mv -f "$hm_tmp.jsa" "$4.jsa"
  fi
  rm -f "$hm_tmp.conf" "$hm_tmp.aot" "$hm_tmp.jsa"
}
