package dev.boxoffice.http;

import com.nulabinc.zxcvbn.StandardDictionaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * The passwords people choose most: the 30,000 most frequent in leaked password lists, as zxcvbn
 * (Dropbox's password strength estimator, here its Java port zxcvbn4j) ships them. A password on
 * the list, in any letter case, is the first a guesser tries; sign-up refuses it.
 *
 * <p>Thread policy: immutable; the list is read once, on first use.
 */
final class CommonPasswords {
  private CommonPasswords() {}

  /** Whether {@code password}, ignoring case, is one of the most common passwords. */
  static boolean contains(String password) {
    return Holder.PASSWORDS.contains(password.toLowerCase(Locale.ROOT));
  }

  /** Loaded on first use (the holder idiom), about 2 MB. */
  private static final class Holder {
    static final Set<String> PASSWORDS = load();

    private static Set<String> load() {
      try {
        return Set.copyOf(StandardDictionaries.PASSWORDS_LOADER.load().getFrequencies());
      } catch (IOException e) {
        throw new UncheckedIOException("zxcvbn's password list is missing from its jar", e);
      }
    }
  }
}
