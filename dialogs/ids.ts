// Dialog ids, in one place so journeys and the root agree on them.
export const ROOT_DIALOG = 'root';
export const ROOT_WATERFALL = 'root.waterfall';
