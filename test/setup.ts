// Keeps test runs quiet and free of the developer's own settings.
process.env.LOG_LEVEL ??= 'silent';
