#!/usr/bin/env bash
# A small runtime for the demo (issue 14): jlink links java.base (plus whatever else jdeps finds the
# product and example classes use: today nothing) with the camstream modules into target/jlink-demo,
# prints its size and runs the live camera demo from it.
#   scripts/jlink-demo.sh                       build the image, then run the demo (same options as ./demo)
#   scripts/jlink-demo.sh --build-only          build the image and print its size
#   scripts/jlink-demo.sh record --out clip.h264 --frames 300
# Needs a JDK with jmods (Debian: openjdk-17-jdk-headless; jlink and jdeps come with it).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
if [[ ! -d "$JAVA_HOME/jmods" ]]; then
  echo "jlink-demo: $JAVA_HOME has no jmods directory; set JAVA_HOME to a full JDK" >&2
  exit 1
fi

mvn -q -B -Dstyle.color=never -DskipTests -pl examples -am package
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
jars=()
for m in sdp rtp rtsp-core h264-baseline examples; do
  jars+=("$m/target/camstream-$m-$version.jar")
done
module_path=$(IFS=:; echo "${jars[*]}")

# The JDK modules the classes really use (not just what module-info says).
jdk_modules=$("$JAVA_HOME/bin/jdeps" --print-module-deps --module-path "$module_path" "${jars[@]}")
echo "jdeps: JDK modules used by camstream + examples: $jdk_modules"

image=target/jlink-demo
rm -rf "$image"
mkdir -p target
"$JAVA_HOME/bin/jlink" \
  --module-path "$JAVA_HOME/jmods:$module_path" \
  --add-modules "org.camstream.examples,$jdk_modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --launcher camstream-demo=org.camstream.examples/org.camstream.examples.LiveCameraDemo \
  --output "$image"
echo "jlink image $image: $(du -sh "$image" | cut -f1) ($(du -sb "$image" | cut -f1) bytes); modules: $("$image/bin/java" --list-modules | tr '\n' ' ')"

case "${1:-}" in
  --build-only) exit 0 ;;
  record) shift; exec "$image/bin/java" -m org.camstream.examples/org.camstream.examples.RecordH264 "$@" ;;
  serve)  shift; exec "$image/bin/java" -m org.camstream.examples/org.camstream.examples.ServeH264File "$@" ;;
  *)      exec "$image/bin/camstream-demo" "$@" ;;
esac
