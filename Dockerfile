# The image Flyte's pod builder injects into raw-container pods: /bin/flyte-copilot (and /bin/copilot)
# on a jlink'ed Java 25 runtime with the AOT cache trained in this build, no shell, run as UID 65532.
# See docs/image.md.
#
#   docker build -t copilot .                       (any machine that reaches Docker Hub, Maven Central and npm)
#   docker build --build-arg BUILD_IMAGE=<a JDK 25 image with Maven, gcc optional> -t copilot .
ARG BUILD_IMAGE=maven:3-eclipse-temurin-25

FROM ${BUILD_IMAGE} AS build
LABEL org.flyte.copilot.stage=build
# Extra Maven flags, e.g. -o when ~/.m2 is mounted into the build (.ci/image-smoke.sh does that).
ARG MAVEN_FLAGS=
# The launcher is C (no shell in the image) and the runtime's libraries are stripped: gcc and binutils.
RUN if ! command -v gcc >/dev/null || ! command -v strip >/dev/null; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev binutils \
      && rm -rf /var/lib/apt/lists/*; \
    fi
# The runtime first (it changes least): only the modules copilot.jar uses (jdeps), java.desktop left out
# (only optional java.beans uses in Jackson and SnakeYAML) and java.security.jgss too (only httpclient5's
# Kerberos/SPNEGO schemes, which no store copilot talks to asks for). The release file gets the runtime
# version, which bin/copilot and the launcher compare with the one the AOT cache was made by. Removed
# after linking: libsimdsort (sort intrinsics of C2, which copilot's C1-only JVM never uses), the class
# list for -Xshare:dump, jrt-fs.jar (for tools on other JDKs) and keytool.
COPY image/modules /tmp/modules
RUN jlink --add-modules "$(cat /tmp/modules)" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
      --release-info "add:JAVA_RUNTIME_VERSION=\"$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')\"" \
      --output /opt/copilot/jre \
 && rm /opt/copilot/jre/lib/libsimdsort.so /opt/copilot/jre/lib/classlist /opt/copilot/jre/lib/jrt-fs.jar /opt/copilot/jre/bin/keytool \
 && find /opt/copilot/jre -name '*.so' -exec strip -p --strip-unneeded {} + \
 && /opt/copilot/jre/bin/java -version
COPY image/launcher.c /tmp/launcher.c
RUN mkdir -p /opt/copilot/bin && gcc -Os -Wall -o /opt/copilot/bin/flyte-copilot /tmp/launcher.c \
 && strip /opt/copilot/bin/flyte-copilot
WORKDIR /src
COPY . .
# The jar, then the AOT cache: trained by the package step with the jlink'ed runtime (a cache is only
# used by the runtime that made it) through bin/copilot, with an S3 server on 127.0.0.1.
RUN mvn -B -q ${MAVEN_FLAGS} -pl copilot-cli -am -DskipTests -Dcopilot.gcs.emulator.skip=true -Dcopilot.aot.jdk=/opt/copilot/jre package \
 && cp -p copilot-cli/target/copilot.jar copilot-cli/target/copilot-boot.jar \
          copilot-cli/target/copilot.aot copilot-cli/target/copilot.aot.jvm /opt/copilot/ \
 && COPILOT_JAVA_OPTS=-XX:AOTMode=on /opt/copilot/bin/flyte-copilot version
RUN bash image/rootfs.sh /rootfs

FROM scratch
LABEL org.opencontainers.image.title=copilot
COPY --from=build /rootfs/ /
# Java's file names follow the locale; C.UTF-8 is built into glibc (no locale files needed).
ENV LANG=C.UTF-8
USER 65532:65532
WORKDIR /
ENTRYPOINT ["/bin/flyte-copilot"]
