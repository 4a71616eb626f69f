package dev.ordersaga.systemtests.usertools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.ordersaga.localstack.LocalStack;

/**
 * docker-compose.yml and the Dockerfiles it builds, checked without a Docker engine: the files the images are built
 * from exist, every service gets the settings the local stack gives it, only the BFF and Pulsar's admin port are
 * published, and (where docker-compose or the docker compose plugin is installed) a real Compose parser accepts it.
 */
class ComposeFileIT {

    static final Path ROOT = LocalStack.findProjectRoot();
    static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    /** Host ports the compose stack may publish: the public API, and Pulsar's admin API for inspection. */
    static final Map<String, Set<Integer>> PUBLISHED = Map.of(LocalStack.BFF_SERVICE, Set.of(8081), "pulsar", Set.of(8080));
    static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?:(:?[-?])([^}]*))?}");

    static Map<String, Object> compose;
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        assertThat(COMPOSE_FILE).isRegularFile();
        compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(COMPOSE_FILE));
        services = new TreeMap<>((Map<String, Map<String, Object>>) compose.get("services"));
        assertThat(services).as("services of %s", COMPOSE_FILE).isNotEmpty();
    }

    @Test
    void everyServiceOfTheSystemIsBuiltFromItsOwnDockerfile() {
        for (String module : LocalStack.SERVICES) {
            assertThat(services.keySet()).as("compose services").contains(module);
            Dockerfile dockerfile = dockerfileOf(module).orElseThrow(() -> new AssertionError(module + " has no build:"));
            assertThat(dockerfile.path()).isEqualTo(ROOT.resolve(module).resolve("Dockerfile"));
            assertThat(dockerfile.text()).as(dockerfile.path().toString())
                    .contains("-pl " + module + " ")
                    .contains("\"" + module + ".jar\"");
        }
    }

    @Test
    void everyCopySourceOfEveryDockerfileExistsAndIsNotDockerIgnored() {
        List<String> ignored = dockerIgnorePatterns();
        for (String service : services.keySet()) {
            Optional<Dockerfile> dockerfile = dockerfileOf(service);
            if (dockerfile.isEmpty()) {
                continue;
            }
            List<String> sources = dockerfile.get().copySources();
            assertThat(sources).as("COPY sources of %s", dockerfile.get().path()).isNotEmpty();
            for (String source : sources) {
                Path path = dockerfile.get().context().resolve(source).normalize();
                assertThat(path).as("COPY %s in %s", source, dockerfile.get().path()).exists();
                assertThat(ignoredBy(ignored, source)).as("COPY %s in %s is excluded by .dockerignore",
                        source, dockerfile.get().path()).isEmpty();
            }
        }
    }

    @Test
    void everyDockerfileCopiesThePomOfEveryModuleMavenReads() throws IOException {
        // Maven refuses to read a reactor whose <module> has no pom, even when -pl does not build that module.
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> poms = new ArrayList<>(List.of("pom.xml"));
        while (modules.find()) {
            poms.add(modules.group(1).trim() + "/pom.xml");
        }
        for (String service : services.keySet()) {
            Optional<Dockerfile> dockerfile = dockerfileOf(service);
            if (dockerfile.isPresent()) {
                assertThat(dockerfile.get().copySources()).as("COPY sources of %s", dockerfile.get().path())
                        .containsAll(poms);
            }
        }
    }

    @Test
    void everyServiceGetsEverySettingTheLocalStackGivesIt() {
        LocalStack localStack = LocalStack.builder().projectRoot(ROOT).dataDir(ROOT.resolve("target/unused")).build();
        for (String module : LocalStack.SERVICES) {
            // what the local stack sets and the service reads: a setting of its application.yml (the BFF, say, is
            // given the Pulsar URLs too, but has no Pulsar client)
            Map<String, String> given = envFor(localStack, module);
            Set<String> read = settingsOf(module);
            Map<String, String> expected = new LinkedHashMap<>(given);
            expected.keySet().removeIf(name -> !read.contains(relaxed(name)));
            assertThat(expected).as("settings of %s among %s", module, given.keySet()).containsKey("SERVER_PORT");
            Map<String, String> actual = environment(module);
            assertThat(actual.keySet()).as("environment of compose service %s (LocalStack sets %s, it reads %s)",
                    module, given.keySet(), expected.keySet()).containsAll(expected.keySet());
            // a LocalStack with default settings listens on the ports the compose services use (8081-8084)
            assertThat(actual.get("SERVER_PORT")).as("SERVER_PORT of %s", module).isEqualTo(expected.get("SERVER_PORT"));
            if (expected.containsKey("SPRING_DATASOURCE_URL")) {
                assertThat(databaseOf(actual.get("SPRING_DATASOURCE_URL"))).as("database of %s", module)
                        .isEqualTo(databaseOf(expected.get("SPRING_DATASOURCE_URL")));
            }
            dockerfileOf(module).ifPresent(dockerfile -> assertThat(dockerfile.env().get("SERVER_PORT"))
                    .as("SERVER_PORT in %s (its HEALTHCHECK uses it)", dockerfile.path())
                    .isEqualTo(actual.get("SERVER_PORT")));
        }
    }

    @Test
    void everyUrlInASettingNamesAServiceOfTheComposeFile() {
        for (String service : services.keySet()) {
            environment(service).forEach((name, value) -> {
                if (!value.contains("://")) {
                    return;
                }
                URI uri = URI.create(value.startsWith("jdbc:") ? value.substring("jdbc:".length()) : value);
                assertThat(services.keySet()).as("%s=%s of %s names a compose service", name, value, service)
                        .contains(uri.getHost());
                String serverPort = environment(uri.getHost()).get("SERVER_PORT");
                if (serverPort != null) {
                    assertThat(String.valueOf(uri.getPort())).as("%s=%s of %s: the port %s listens on", name, value,
                            service, uri.getHost()).isEqualTo(serverPort);
                }
            });
        }
    }

    @Test
    void onlyTheBffAndPulsarAdminPortsArePublished() {
        Map<String, Set<Integer>> published = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            assertThat(service.getValue().get("network_mode")).as("network_mode of %s", service.getKey()).isNull();
            Object ports = service.getValue().get("ports");
            if (ports == null) {
                continue;
            }
            for (Object port : (List<?>) ports) {
                published.computeIfAbsent(service.getKey(), k -> new LinkedHashSet<>()).add(hostPort(service.getKey(), port));
            }
        }
        assertThat(published).isEqualTo(PUBLISHED);
    }

    @Test
    void servicesWaitForDependenciesThatHaveAHealthCheck() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object dependsOn = service.getValue().get("depends_on");
            if (LocalStack.SERVICES.contains(service.getKey())) {
                assertThat(dependsOn).as("depends_on of %s", service.getKey()).isInstanceOf(Map.class);
            }
            if (!(dependsOn instanceof Map<?, ?> dependencies)) {
                continue;
            }
            dependencies.forEach((dependency, condition) -> {
                assertThat(services.keySet()).as("depends_on of %s", service.getKey()).contains((String) dependency);
                assertThat(((Map<?, ?>) condition).get("condition")).as("%s depends on %s", service.getKey(), dependency)
                        .isEqualTo("service_healthy");
                assertThat(hasHealthCheck((String) dependency)).as("%s, which %s waits for, has a healthcheck "
                        + "(compose healthcheck or Dockerfile HEALTHCHECK)", dependency, service.getKey()).isTrue();
            });
        }
        for (String module : LocalStack.SERVICES) {
            assertThat(hasHealthCheck(module)).as("%s has a health check", module).isTrue();
        }
    }

    @Test
    void thePostgresInitScriptCreatesEveryDatabaseOfTheSystem() throws IOException {
        Map<String, Object> postgres = services.get("postgres");
        assertThat(postgres).as("a postgres service").isNotNull();
        String image = String.valueOf(postgres.get("image"));
        assertThat(image).startsWith("postgres:16");
        Path initScript = null;
        for (Object volume : (List<?>) postgres.get("volumes")) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts.length >= 2 && parts[1].startsWith("/docker-entrypoint-initdb.d/")) {
                initScript = ROOT.resolve(parts[0]).normalize();
            }
        }
        assertThat(initScript).as("a script mounted into /docker-entrypoint-initdb.d/").isNotNull().isRegularFile();
        Matcher created = Pattern.compile("(?i)CREATE\\s+DATABASE\\s+\"?(\\w+)").matcher(Files.readString(initScript));
        Set<String> databases = new LinkedHashSet<>();
        while (created.find()) {
            databases.add(created.group(1).toLowerCase(Locale.ROOT));
        }
        assertThat(databases).containsExactlyInAnyOrderElementsOf(LocalStack.DATABASES);
    }

    @Test
    void namedVolumesAreDeclaredAndBindMountsExist() {
        Object declared = compose.get("volumes");
        Set<String> volumes = new LinkedHashSet<>();
        if (declared instanceof Map<?, ?> map) {
            map.keySet().forEach(name -> volumes.add(String.valueOf(name)));
        }
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object mounts = service.getValue().get("volumes");
            if (mounts == null) {
                continue;
            }
            for (Object mount : (List<?>) mounts) {
                String source = String.valueOf(mount).split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(ROOT.resolve(source).normalize()).as("bind mount of %s", service.getKey()).exists();
                }
                else {
                    assertThat(volumes).as("named volume %s of %s", source, service.getKey()).contains(source);
                }
            }
        }
        assertThat(services.get("pulsar").get("volumes")).as("pulsar keeps its data in a volume").isNotNull();
        assertThat(services.get("postgres").get("volumes")).as("postgres keeps its data in a volume").isNotNull();
    }

    @Test
    void aComposeImplementationAcceptsTheFile() {
        List<String> compose = composeCommand().orElse(null);
        Assumptions.assumeTrue(compose != null, "Neither docker-compose nor the docker compose plugin is installed "
                + "here: skipping `config -q` (Debian: apt-get install --no-install-recommends docker-compose)");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", COMPOSE_FILE.toString(), "config", "-q"));
        Cli.Result result = Cli.run(ROOT, Map.of(), Duration.ofSeconds(60), command);
        assertThat(result.exitCode()).as("%s", result).isZero();
    }

    // ---- compose file ----

    /** docker-compose (v1, Debian's package) or `docker compose` (v2 plugin), whichever answers here. */
    static Optional<List<String>> composeCommand() {
        Optional<Path> legacy = Cli.onPath("docker-compose");
        if (legacy.isPresent()) {
            return Optional.of(List.of(legacy.get().toString()));
        }
        Optional<Path> docker = Cli.onPath("docker");
        if (docker.isPresent()
                && Cli.run(ROOT, Duration.ofSeconds(30), docker.get().toString(), "compose", "version").exitCode() == 0) {
            return Optional.of(List.of(docker.get().toString(), "compose"));
        }
        return Optional.empty();
    }

    /** The service's environment with ${VAR:-default} resolved to its default (or the variable, when set). */
    static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Object> definition = services.get(service);
        Object raw = definition == null ? null : definition.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : interpolate(String.valueOf(v))));
        }
        else if (raw instanceof List<?> list) {
            for (Object entry : list) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length > 1 ? interpolate(kv[1]) : "");
            }
        }
        return env;
    }

    static String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = System.getenv(m.group(1));
            boolean useDefault = m.group(2) != null && m.group(2).startsWith(":") ? set == null || set.isEmpty() : set == null;
            String replacement = useDefault && m.group(2) != null && m.group(2).endsWith("-") ? m.group(3) : (set == null ? "" : set);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }

    static int hostPort(String service, Object port) {
        if (port instanceof Map<?, ?> longSyntax) {
            Object published = longSyntax.get("published");
            assertThat(published).as("ports of %s: %s publishes a random host port", service, port).isNotNull();
            return Integer.parseInt(interpolate(String.valueOf(published)));
        }
        String[] parts = interpolate(String.valueOf(port)).split("/")[0].split(":");
        assertThat(parts.length).as("ports of %s: %s publishes a random host port", service, port).isGreaterThan(1);
        return Integer.parseInt(parts[parts.length - 2]);
    }

    static boolean hasHealthCheck(String service) {
        Object healthcheck = services.get(service).get("healthcheck");
        if (healthcheck instanceof Map<?, ?> check) {
            return !Boolean.TRUE.equals(check.get("disable")) && check.get("test") != null
                    && !String.valueOf(check.get("test")).contains("NONE");
        }
        return dockerfileOf(service).map(d -> d.instructions().stream()
                .anyMatch(i -> i.startsWith("HEALTHCHECK ") && !i.matches("HEALTHCHECK\\s+NONE\\s*"))).orElse(false);
    }

    static String databaseOf(String jdbcUrl) {
        String path = URI.create(jdbcUrl.substring("jdbc:".length())).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The keys of the module's application.yml, relaxed (lower case, no dots, dashes or underscores). */
    @SuppressWarnings("unchecked")
    static Set<String> settingsOf(String module) {
        Path file = ROOT.resolve(module).resolve("src/main/resources/application.yml");
        Set<String> keys = new LinkedHashSet<>();
        try {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                if (document instanceof Map<?, ?> map) {
                    flatten("", (Map<String, Object>) map, keys);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    static void flatten(String prefix, Map<String, Object> map, Set<String> keys) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, Object>) nested, keys);
            }
            else {
                keys.add(relaxed(name));
            }
        });
    }

    /** spring.datasource.url, SPRING_DATASOURCE_URL and order-saga-url alike: lower case without . - _ */
    static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[._-]", "");
    }

    /** The environment LocalStack gives a service process (its private envFor: the one list of what services read). */
    @SuppressWarnings("unchecked")
    static Map<String, String> envFor(LocalStack stack, String module) {
        try {
            Method envFor = LocalStack.class.getDeclaredMethod("envFor", String.class);
            envFor.setAccessible(true);
            return (Map<String, String>) envFor.invoke(stack, module);
        }
        catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            return fail("Cannot read the environment LocalStack gives %s (LocalStack.envFor(String)); update this test "
                    + "with LocalStack: %s", module, e);
        }
    }

    // ---- Dockerfiles ----

    static Optional<Dockerfile> dockerfileOf(String service) {
        Object build = services.get(service).get("build");
        if (build == null) {
            return Optional.empty();
        }
        String context = build instanceof Map<?, ?> map ? String.valueOf(map.get("context")) : String.valueOf(build);
        String file = build instanceof Map<?, ?> map && map.get("dockerfile") != null
                ? String.valueOf(map.get("dockerfile")) : "Dockerfile";
        Path contextDir = ROOT.resolve(context).normalize();
        Path path = contextDir.resolve(file).normalize();
        assertThat(path).as("Dockerfile of %s", service).isRegularFile();
        return Optional.of(Dockerfile.read(contextDir, path));
    }

    static List<String> dockerIgnorePatterns() {
        Path file = ROOT.resolve(".dockerignore");
        assertThat(file).as(".dockerignore keeps target/ and .local-stack/ out of the build context").isRegularFile();
        try {
            return Files.readAllLines(file).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The .dockerignore pattern that excludes this context path (or one of its parents), if any. */
    static Optional<String> ignoredBy(List<String> patterns, String source) {
        String path = source.replaceAll("/+$", "");
        for (String pattern : patterns) {
            if (pattern.startsWith("!")) {
                continue;
            }
            List<PathMatcher> matchers = new ArrayList<>(List.of(FileSystems.getDefault().getPathMatcher("glob:" + pattern)));
            if (pattern.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
            }
            for (Path p = Path.of(path); p != null; p = p.getParent()) {
                for (PathMatcher matcher : matchers) {
                    if (matcher.matches(p)) {
                        return Optional.of(pattern);
                    }
                }
            }
        }
        return Optional.empty();
    }

    record Dockerfile(Path context, Path path, String text, List<String> instructions) {

        static Dockerfile read(Path context, Path path) {
            try {
                String text = Files.readString(path);
                List<String> instructions = new ArrayList<>();
                StringBuilder current = new StringBuilder();
                for (String line : text.split("\n")) {
                    String trimmed = line.trim();
                    if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                        continue;
                    }
                    if (trimmed.endsWith("\\")) {
                        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                        continue;
                    }
                    current.append(trimmed);
                    instructions.add(current.toString().replaceAll("\\s+", " ").trim());
                    current.setLength(0);
                }
                return new Dockerfile(context, path, text, instructions);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sources of COPY/ADD instructions that read the build context (not --from another stage). */
        List<String> copySources() {
            List<String> sources = new ArrayList<>();
            for (String instruction : instructions) {
                String[] words = instruction.split(" ");
                String keyword = words[0].toUpperCase(Locale.ROOT);
                if (!keyword.equals("COPY") && !keyword.equals("ADD")) {
                    continue;
                }
                List<String> args = new ArrayList<>();
                boolean fromStage = false;
                for (int i = 1; i < words.length; i++) {
                    if (words[i].startsWith("--")) {
                        fromStage |= words[i].startsWith("--from=");
                    }
                    else {
                        args.add(words[i]);
                    }
                }
                assertThat(args).as("%s in %s (shell form expected)", instruction, path).hasSizeGreaterThan(1);
                if (!fromStage) {
                    sources.addAll(args.subList(0, args.size() - 1));
                }
            }
            return sources;
        }

        /** ENV of the last stage (KEY=VALUE form). */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String instruction : instructions) {
                if (instruction.startsWith("FROM ")) {
                    env.clear();
                }
                else if (instruction.startsWith("ENV ")) {
                    for (String pair : instruction.substring(4).trim().split(" ")) {
                        String[] kv = pair.split("=", 2);
                        env.put(kv[0], kv.length > 1 ? kv[1].replace("\"", "") : "");
                    }
                }
            }
            return env;
        }
    }
}
