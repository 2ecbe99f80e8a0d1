// Replaced at serve time (scripts/serve-h5.mjs) to point this build at another API or WeChat simulator.
window.__YIBAN__ = window.__YIBAN__ || {};
