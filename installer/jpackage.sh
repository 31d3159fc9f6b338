#!/usr/bin/env bash
# Builds the self-contained workbench with jpackage: a jlinked Java runtime plus the app's jars
# (JavaFX and the ND4J natives of this platform included), as an app image and, on Linux, a .deb.
# Two launchers: moe-workbench (the JavaFX workbench) and moe (the CLI).
# usage: installer/jpackage.sh [app-image|deb|all]   (after ./mvnw -pl app -am package)
# Windows (.msi, or .exe with WINDOWS_PACKAGE_TYPE=exe; needs WiX 3) and macOS (.dmg, or .pkg with
# MAC_PACKAGE_TYPE=pkg) take the same steps with that --type: untested.
set -euo pipefail
what=${1:-all}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=$here/target
version=$(sed -n 's#.*<version>\([0-9.]*\)-SNAPSHOT</version>.*#\1#p' "$root/pom.xml" | head -1)
jdk_bin=${JAVA_HOME:+$JAVA_HOME/bin/}

app_jar=$root/app/target/moe-app.jar
cli_jar=$root/cli/target/moe.jar
[[ -f $app_jar && -f $cli_jar ]] || { echo "build the app and the CLI first: ./mvnw -B -pl app,cli -am package -DskipTests" >&2; exit 1; }

rm -rf "$out/input" "$out/runtime" "$out/image"
mkdir -p "$out/input"
cp "$app_jar" "$out/input/"
cp -r "$root/app/target/lib" "$out/input/lib"
# the moe launcher's CLI: its jar and the libraries the app does not already bring (picocli, progressbar)
cp "$cli_jar" "$out/input/lib/"
cp -n "$root"/cli/target/lib/*.jar "$out/input/lib/"

# DL4J/ND4J are not clean Java modules: the app runs on the class path inside a jlinked runtime
# holding the JDK modules the class path needs (checked with jdeps --print-module-deps).
modules=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.sql,java.xml,jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.jsobject,jdk.management,jdk.net,jdk.unsupported,jdk.xml.dom,jdk.zipfs
"${jdk_bin}jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/runtime"

java_options=(--java-options "-Xmx2g" --java-options "-Dorg.bytedeco.javacpp.maxbytes=3g"
  --java-options "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g")
# the moe command trains in its own process: a fixed, pre-touched heap keeps its RSS flat (TrainingHeap.DEFAULT)
cat > "$out/moe.properties" <<PROPS
main-class=org.moeworkbench.cli.MoeCli
java-options=-Xms384m -Xmx384m -XX:+AlwaysPreTouch -Dorg.bytedeco.javacpp.maxbytes=3g -Dorg.bytedeco.javacpp.maxphysicalbytes=5g -Djava.awt.headless=true
PROPS

"${jdk_bin}jpackage" --type app-image --name moe-workbench --app-version "$version" \
  --vendor "MoE Workbench" --description "Build, train and inspect Mixture-of-Experts image classifiers" \
  --input "$out/input" --main-jar moe-app.jar --main-class org.moeworkbench.app.WorkbenchLauncher \
  --runtime-image "$out/runtime" "${java_options[@]}" \
  --add-launcher moe="$out/moe.properties" --dest "$out/image"
echo "app image: $out/image/moe-workbench"

# The native package of this platform (jpackage builds only for the platform it runs on).
case $(uname -s) in
  Linux) package_type=deb ;;
  Darwin) package_type=${MAC_PACKAGE_TYPE:-dmg} ;;          # untested
  MINGW* | MSYS* | CYGWIN*) package_type=${WINDOWS_PACKAGE_TYPE:-msi} ;;  # untested; needs WiX 3
  *) package_type= ;;
esac
if [[ $what != app-image && -n $package_type ]]; then
  platform_options=()
  if [[ $package_type == deb ]]; then
    # dpkg-deb's default xz takes ~10 minutes on 2 cores for 300 MB of jars and natives; gzip takes seconds.
    export DPKG_DEB_COMPRESSOR_TYPE=${DPKG_DEB_COMPRESSOR_TYPE:-gzip}
    platform_options=(--linux-package-name moe-workbench --linux-app-category science)
    package_dir=$out/deb
  else
    package_dir=$out/$package_type
  fi
  rm -rf "$package_dir"
  mkdir -p "$package_dir"
  "${jdk_bin}jpackage" --type "$package_type" --app-image "$out/image/moe-workbench" --name moe-workbench \
    --app-version "$version" --vendor "MoE Workbench" ${platform_options[@]+"${platform_options[@]}"} --dest "$package_dir"
  echo "$package_type: $(ls "$package_dir"/*)"
fi
