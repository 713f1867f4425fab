package org.vitrine.storage.migrate;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.config.Config;
import org.vitrine.config.ConfigException;

import java.time.Clock;
import java.time.Instant;

/**
 * StoreLocationCheck stops Vitrine from starting on a store that does not hold its photos. Settings are
 * environment variables, which {@code vitrine storage migrate} cannot change; so the database records each move,
 * and a VITRINE_STORAGE that disagrees with it (the old store after a finished move, the new one before it
 * finished) is refused with the setting to use, instead of serving from an empty or stale store.
 */
public final class StoreLocationCheck {
    private StoreLocationCheck() {
    }

    /** Throws a {@link ConfigException} naming what to set when the settings point at the wrong store. */
    public static void require(Jdbi jdbi, Config config) {
        var latest = new StorageMoves(jdbi, Clock.systemUTC()).latest();
        if (latest.isEmpty()) {
            return;
        }
        var move = latest.get();
        StorePlace configured = StorePlace.configured(config);
        if (move.finished() && !move.target().equals(configured)) {
            throw new ConfigException("The photos were moved to " + move.target() + " by `vitrine storage migrate` "
                    + "(finished " + Instant.ofEpochMilli(move.finishedAt().get()) + "), but the settings say "
                    + configured + ". Set VITRINE_STORAGE=" + move.target().setting()
                    + withItsSettings(move.target()) + ", or move them back with `vitrine storage migrate --to "
                    + configured.setting() + "` run with VITRINE_STORAGE=" + move.target().setting() + ".");
        }
        if (!move.finished() && !move.source().equals(configured)) {
            throw new ConfigException("A move of the photos from " + move.source() + " to " + move.target()
                    + " was started and is not finished, so they are still in " + move.source() + ", but the "
                    + "settings say " + configured + ". Keep VITRINE_STORAGE=" + move.source().setting()
                    + withItsSettings(move.source()) + " and finish the move with `vitrine storage migrate --to "
                    + move.target().setting() + "`.");
        }
    }

    private static String withItsSettings(StorePlace place) {
        return switch (place.kind()) {
            case LOCAL -> "";
            case S3 -> " (with the VITRINE_S3_* settings of " + place + ")";
            case AZURE -> " (with the VITRINE_AZURE_* settings of " + place + ")";
        };
    }
}
