/* The manifest's function file: nothing to run, but Office waits for onReady. No inline script, so a strict CSP holds. */
Office.onReady(function () {});
