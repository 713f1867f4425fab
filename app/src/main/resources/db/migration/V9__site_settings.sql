-- Settings the owner changes in the browser (the site's title first; more to come), one row per setting.
-- A missing row means the default, which lives in the code (site/SiteSettings), so it is written once.
CREATE TABLE site_settings (
    name  VARCHAR(100) PRIMARY KEY,
    value TEXT         NOT NULL
);
