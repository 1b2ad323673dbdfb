# syntax=docker/dockerfile:1
# Build with the project's wrapper on a JDK 25, run on a JRE 25 as a non-root user.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/modular-shop.jar extract --layers --launcher --destination target/extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system shop && useradd --system --gid shop --home-dir /app shop
WORKDIR /app
# least to most frequently changing, so rebuilds reuse the dependency layers
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
RUN mkdir -p /app/data && chown -R shop:shop /app/data
USER shop
EXPOSE 8080
# Configure the database with SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.
# Without them the embedded PostgreSQL starts in /app/data (mount a volume there to keep it).
VOLUME /app/data
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
