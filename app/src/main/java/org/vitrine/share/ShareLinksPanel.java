package org.vitrine.share;

import java.util.List;

/**
 * ShareLinksPanel is the owner's view of an album's share links and password, on the album's admin page, with
 * the dialog that creates a link.
 *
 * @param defaultExpiryDays what the dialog offers for a new link's expiry (a site setting; 0 means never)
 * @param linksOpen         whether links open the album at all (only unlisted albums need one)
 */
public record ShareLinksPanel(List<Row> links, int defaultExpiryDays, String createAction, String passwordAction,
                              boolean albumHasPassword, boolean linksOpen) {

    /** One link as listed: where it stands, its views and what the owner may do with it. */
    public record Row(long id, String label, String url, String state, String expires, long views, String lastUsed,
                      boolean hasPassword, String options, String revokeAction, String replaceAction) {
        public boolean live() {
            return "Active".equals(state);
        }
    }
}
