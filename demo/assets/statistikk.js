// Demo statistics tracker ("Nettfokus Innsikt"). It only counts that it ran and sets its
// first-party cookie, so the demo and the browser tests can see whether it was allowed to run.
window.__stats = (window.__stats || 0) + 1;
document.cookie = 'nf_stats=' + Date.now() + '; path=/; max-age=34128000; samesite=lax';
