package org.vitrine.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * NeedsTestPhotos marks a test that reads the shared test photos: without them it skips before it starts (in CI
 * it fails), so a photo read inside an assertion's lambda never turns the skip into a wrong failure.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsTestPhotos.Check.class)
public @interface NeedsTestPhotos {

    /** Check finds the photos (TestPhotos.dir) before each marked test. */
    final class Check implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            TestPhotos.dir();
        }
    }
}
