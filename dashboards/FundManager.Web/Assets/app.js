// Progressive help for FundManager's forms. Every page works without this script; with it, sums
// are checked as they are typed. No inline script anywhere: the content security policy allows
// only this site's files.
(function () {
  'use strict';

  // Reads a number typed in the page's language: spaces of any width and the group separator are
  // ignored, the decimal separator is the one the page names (data-decimal on <html>... or ".").
  function parseAmount(text, decimal) {
    if (!text) { return NaN; }
    var compact = text.replace(/[\s\u00a0\u202f]/g, '');
    if (decimal === ',') { compact = compact.replace(/\./g, '').replace(',', '.'); }
    else { compact = compact.replace(/,/g, ''); }
    if (!/^-?\d+(\.\d+)?$/.test(compact)) { return NaN; }
    return Number(compact);
  }

  function format(value, locale, decimals) {
    return value.toLocaleString(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  // <output class="check-sum" data-sum-of="[name$=Amount]" data-total="#Amount" data-decimals="2">:
  // shows the sum of the fields the selector names against the total field, and whether they agree.
  function checkSums() {
    var locale = document.documentElement.lang || 'en';
    var decimal = (1.5).toLocaleString(locale).indexOf(',') >= 0 ? ',' : '.';
    document.querySelectorAll('output.check-sum').forEach(function (output) {
      var form = output.closest('form');
      if (!form) { return; }
      var update = function () {
        var decimals = Number(output.getAttribute('data-decimals') || '2');
        var parts = form.querySelectorAll(output.getAttribute('data-sum-of'));
        var sum = 0; var bad = false;
        parts.forEach(function (input) {
          if (input.value.trim() === '') { return; }
          var v = parseAmount(input.value, decimal);
          if (isNaN(v)) { bad = true; } else { sum += v; }
        });
        // The total is one field (the pledge) or the sum of several (the budget lines).
        var totals = form.querySelectorAll(output.getAttribute('data-total'));
        var total = totals.length === 0 ? NaN : 0;
        totals.forEach(function (field) {
          if (field.value.trim() === '') { return; }
          var t = parseAmount(field.value, decimal);
          total = isNaN(t) ? NaN : total + t;
        });
        var scale = Math.pow(10, decimals);
        var agree = !bad && !isNaN(total) && Math.round(sum * scale) === Math.round(total * scale);
        output.value = (output.getAttribute('data-label') || '') + ' ' + format(sum, locale, decimals) +
          (isNaN(total) ? '' : ' / ' + format(total, locale, decimals)) +
          (agree ? ' \u2713' : ' \u2260');
        output.setAttribute('data-state', agree ? 'ok' : 'off');
      };
      form.addEventListener('input', update);
      update();
    });
  }

  document.addEventListener('DOMContentLoaded', checkSums);
})();
