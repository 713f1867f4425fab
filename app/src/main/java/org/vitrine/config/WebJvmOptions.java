package org.vitrine.config;

/**
 * WebJvmOptions prints the JVM options of the web process for ./vitrine, which must choose them before that
 * JVM starts: VITRINE_JAVA_OPTS if set, else a heap sized by {@link MachineMemory} (the one home of memory
 * sizing). It runs in a JVM of its own and loads nothing but this package (0.1 to 0.2 s measured).
 */
public final class WebJvmOptions {
    private WebJvmOptions() {
    }

    public static void main(String[] args) {
        System.out.println(Settings.JAVA_OPTS.read(System.getenv(), new SettingValues()));
    }
}
