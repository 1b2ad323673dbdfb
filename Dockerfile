# syntax=docker/dockerfile:1
# Build with the project's wrapper on a JDK 25; run on a JRE 25 as a non-root user, from the plainly extracted jar and
# with an AOT cache (JEP 483/514) trained in the runtime stage.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
# A plain extraction (modular-shop.jar + lib/), not the launcher layout: the AOT cache needs a plain class path.
# The layers only decide what goes into which image layer.
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/modular-shop.jar extract --layers --destination target/extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system shop && useradd --system --gid shop --home-dir /app shop \
 && mkdir -p /app/data /app/aot && chown -R shop:shop /app/data /app/aot
WORKDIR /app
# least to most frequently changing, so rebuilds reuse the dependency layers
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# A lean JVM (README, "Start-up and memory"): the serial collector and a 256 MiB heap; the heap after a full GC stays
# near 80-110 MiB even under twice the peak load; starting it at 64 MiB keeps about 50 MiB of young generation that the
# start-up would touch out of the idle RSS. Compact object headers (JEP 519) shrink every object by 4 bytes.
# Training and every later run must use the same options, or the JVM ignores the AOT cache.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms64m -Xmx256m -XX:+UseCompactObjectHeaders"
USER shop
# Train the AOT cache as scripts/aot-cache.sh does: a whole start on throwaway data (the embedded PostgreSQL in a
# temporary directory) with an administrator configured, through readiness and a first health request, then a normal
# exit on SIGTERM (status 143), when the JVM writes the cache. The unpacked PostgreSQL binaries stay in
# /tmp/embedded-pg, so the first start of a container does not unpack them again. Bash for /dev/tcp: the JRE image
# has no curl.
SHELL ["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]
RUN mkdir /tmp/training && cd /tmp/training \
 && { java -XX:AOTCacheOutput=/app/aot/modular-shop.aot -jar /app/modular-shop.jar --server.port=8080 \
      --shop.user.admin.email=training@shop.invalid --shop.user.admin.password=startup-training-password & } \
 && pid=$! \
 && until { exec 3<>/dev/tcp/127.0.0.1/8080 \
      && printf 'GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 && cat <&3; } \
      2>/dev/null | grep -q '"status":"UP"'; do kill -0 "$pid"; sleep 0.5; done \
 && kill -TERM "$pid" && { wait "$pid" || [ $? -eq 143 ]; } \
 && cd / && rm -rf /tmp/training
EXPOSE 8080
# Configure the database with SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.
# Without them the embedded PostgreSQL starts in /app/data (mount a volume there to keep it).
VOLUME /app/data
ENTRYPOINT ["java", "-XX:AOTCache=/app/aot/modular-shop.aot", "-jar", "/app/modular-shop.jar"]
