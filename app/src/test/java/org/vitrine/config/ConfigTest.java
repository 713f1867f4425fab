package org.vitrine.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ConfigTest: settings read from the environment, and handed on to a worker process unchanged. */
class ConfigTest {
    @Test
    void the_worker_settings_default_to_a_share_of_the_memory_and_the_worker_runs_in_its_own_process() {
        var config = Config.fromEnvironment(Map.of());

        assertThat(config.workers()).isEqualTo(Config.Workers.PROCESS);
        // Derived from this machine's (or container's) memory: an eighth for the heap, 40% for image work.
        long total = MachineMemory.totalMb();
        assertThat(config.workerMemoryMb()).isEqualTo((int) Math.clamp(total / 8, 64, 512));
        assertThat(config.workerBudgetMb()).isEqualTo((int) Math.max(64, total * 2 / 5));
        assertThat(config.jobLeaseSeconds()).isEqualTo(60);
    }

    @Test
    void a_configuration_written_to_an_environment_reads_back_the_same() {
        var config = Config.fromEnvironment(Map.of("VITRINE_PORT", "9090", "VITRINE_WORKERS", "inline",
                "VITRINE_WORKER_MEMORY_MB", "24", "VITRINE_WORKER_BUDGET_MB", "100",
                "VITRINE_JOB_LEASE_SECONDS", "3", "VITRINE_DATABASE_URL", "jdbc:postgresql://db/vitrine",
                "VITRINE_DATABASE_USER", "vitrine", "VITRINE_MAX_MEGAPIXELS", "250"));

        assertThat(Config.fromEnvironment(config.toEnvironment())).isEqualTo(config);
    }

    @Test
    void the_cache_size_reads_sizes_with_units_refuses_nonsense_and_writes_back_the_same() {
        assertThat(Config.fromEnvironment(Map.of()).cacheSize()).isEqualTo(2L << 30);
        assertThat(Config.fromEnvironment(Map.of("VITRINE_CACHE_SIZE", "500MB")).cacheSize()).isEqualTo(500L << 20);
        assertThat(Config.fromEnvironment(Map.of("VITRINE_CACHE_SIZE", "10 GiB")).cacheSize()).isEqualTo(10L << 30);
        assertThat(Config.fromEnvironment(Map.of("VITRINE_CACHE_SIZE", "1tb")).cacheSize()).isEqualTo(1L << 40);
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("VITRINE_CACHE_SIZE", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VITRINE_CACHE_SIZE must be a size like 500MB or 2GB, at least 16MB, got 'lots'");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("VITRINE_CACHE_SIZE", "1MB")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VITRINE_CACHE_SIZE must be at least 16MB, got '1MB'");

        var config = Config.fromEnvironment(Map.of("VITRINE_CACHE_SIZE", "3GB", "VITRINE_CLOUD_SERVING", "redirect",
                "VITRINE_CLOUD_PUBLIC_URL", "https://cdn.example.org"));
        assertThat(Config.fromEnvironment(config.toEnvironment())).isEqualTo(config);
        assertThat(config.toEnvironment()).containsEntry("VITRINE_CACHE_SIZE", "3GB");
    }

    @Test
    void an_unknown_worker_mode_is_refused_with_the_allowed_values() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("VITRINE_WORKERS", "threads")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VITRINE_WORKERS must be one of process, inline, none, got 'threads'");
    }

    @Test
    void a_number_out_of_range_is_refused_with_the_variable_the_range_and_the_value() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("VITRINE_WORKER_THREADS", "17")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VITRINE_WORKER_THREADS must be from 1 to 16 photos, got 17");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("VITRINE_MAX_UPLOAD_MB", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VITRINE_MAX_UPLOAD_MB must be a whole number from 1 to 10000 MiB, got 'lots'");
    }

    @Test
    void a_base_url_that_is_not_a_web_address_is_refused_and_a_trailing_slash_is_dropped() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("VITRINE_BASE_URL", "photos.example.org")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VITRINE_BASE_URL must be an http:// or https:// address, got 'photos.example.org'");

        var config = Config.fromEnvironment(Map.of("VITRINE_BASE_URL", " https://photos.example.org/ "));

        assertThat(config.baseUrl().toString()).isEqualTo("https://photos.example.org");
        assertThat(config.secureCookies()).isTrue();
    }

    @Test
    void defaults_derive_from_the_settings_they_depend_on_and_blank_means_unset() {
        var config = Config.fromEnvironment(Map.of("VITRINE_PORT", "9191", "VITRINE_DATA_DIR", "/srv/photos",
                "VITRINE_BIND", "  "));

        assertThat(config.baseUrl().toString()).isEqualTo("http://localhost:9191");
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:/srv/photos/vitrine.db");
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.maxUploadBytes()).isEqualTo(200L * 1024 * 1024);
        assertThat(config.maxPixels()).isEqualTo(100_000_000L);
    }

    @Test
    void the_worker_environment_names_every_setting_of_the_configuration_and_only_those() {
        var env = Config.fromEnvironment(Map.of()).toEnvironment();

        assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(Settings.ALL.stream()
                .filter(Setting::inConfig).map(Setting::variable).toList());
        assertThat(env).doesNotContainKey("VITRINE_JAVA_OPTS").hasSize(Config.class.getRecordComponents().length);
    }

    @Test
    void the_web_jvm_options_are_the_memory_plan_unless_the_owner_sets_them() {
        assertThat(Settings.JAVA_OPTS.read(Map.of(), new SettingValues()))
                .isEqualTo("-XX:+UseSerialGC -Xmx" + MachineMemory.defaultWebHeapMb() + "m");
        assertThat(Settings.JAVA_OPTS.read(Map.of("VITRINE_JAVA_OPTS", "-Xmx1g"), new SettingValues()))
                .isEqualTo("-Xmx1g");
    }
}
