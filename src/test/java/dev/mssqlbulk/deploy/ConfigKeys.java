package dev.mssqlbulk.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The configuration keys of the application, read from its {@code @ConfigMapping} interfaces by reflection (method
 * names in kebab case, nested interfaces as sub-prefixes, {@code Map<String, Group>} as {@code <prefix>.*.<key>}),
 * and the SmallRye environment-variable form of each key.
 */
final class ConfigKeys {

    /**
     * One leaf key, e.g. {@code mssql-bulk.instances.*.element-token}; {@code *} stands for a map key (an instance
     * name). {@code required}: no default and not optional, so it must be set (per map entry for map keys).
     */
    record Key(String pattern, boolean required) {

        /** The SmallRye environment name pattern: non-alphanumerics to {@code _}, upper case; map keys as a group. */
        Pattern envPattern() {
            return Pattern.compile(Arrays.stream(pattern.split("\\."))
                    .map(segment -> segment.equals("*") ? "(.+?)" : Pattern.quote(envName(segment)))
                    .collect(Collectors.joining("_")));
        }

        /** The last segment: {@code element-token}. */
        String leaf() {
            return pattern.substring(pattern.lastIndexOf('.') + 1);
        }

        boolean underMap() {
            return pattern.contains("*");
        }
    }

    /** An environment variable name resolved to its key, with the map key it names (e.g. {@code SALES}) if any. */
    record Match(String env, Key key, String mapKey) {}

    private final List<Key> keys;

    private ConfigKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    static ConfigKeys of(Class<?>... mappings) {
        List<Key> keys = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
            if (annotation == null) {
                throw new IllegalArgumentException(mapping + " is not a @ConfigMapping");
            }
            walk(annotation.prefix(), mapping, true, keys);
        }
        // fixed keys before map keys, then the longest (most specific) first: a match is never a shorter lookalike
        keys.sort(Comparator.comparing(Key::underMap)
                .thenComparing(
                        Comparator.comparingInt((Key k) -> k.pattern().length()).reversed()));
        return new ConfigKeys(keys);
    }

    List<Key> keys() {
        return keys;
    }

    /** The key this environment variable sets, the way SmallRye maps {@code MSSQL_BULK_X_Y} to {@code mssql-bulk.x-y}. */
    Optional<Match> match(String env) {
        for (Key key : keys) {
            Matcher m = key.envPattern().matcher(env);
            if (m.matches()) {
                return Optional.of(new Match(env, key, key.underMap() ? m.group(1) : null));
            }
        }
        return Optional.empty();
    }

    /** {@code mssql-bulk.job-lease} -> {@code MSSQL_BULK_JOB_LEASE}. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private static void walk(String prefix, Class<?> group, boolean required, List<Key> out) {
        for (Method method : group.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())
                    || method.isDefault()
                    || method.isSynthetic()
                    || method.getParameterCount() > 0
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class)
                    ? null
                    : method.isAnnotationPresent(WithName.class)
                            ? method.getAnnotation(WithName.class).value()
                            : kebab(method.getName());
            String path = name == null ? prefix : prefix + "." + name;
            Type type = method.getGenericReturnType();
            boolean optional = false;
            if (raw(type) == Optional.class) {
                type = ((ParameterizedType) type).getActualTypeArguments()[0];
                optional = true;
            } else if (raw(type) == OptionalInt.class
                    || raw(type) == OptionalLong.class
                    || raw(type) == OptionalDouble.class) {
                optional = true;
            }
            boolean leafRequired = required && !optional && !method.isAnnotationPresent(WithDefault.class);
            Class<?> raw = raw(type);
            if (Map.class.isAssignableFrom(raw)) {
                Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
                if (isGroup(raw(value))) {
                    walk(path + ".*", raw(value), true, out);
                } else {
                    out.add(new Key(path + ".*", false));
                }
            } else if (isGroup(raw)) {
                walk(path, raw, required && !optional, out);
            } else {
                out.add(new Key(path, leafRequired));
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported config type " + type);
    }

    /** SmallRye's default naming: {@code maxUploadSize} -> {@code max-upload-size}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
