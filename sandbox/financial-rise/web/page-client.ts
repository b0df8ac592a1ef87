import type { Page } from './layout.ts';

/**
 * The client's questionnaire behind the unique link. Rendered in the browser from
 * `GET /client/:token/questions`; every input has a label (radio and checkbox options are
 * wrapped in theirs, text and scale questions use `for`), so the gate can fill it by label.
 */
export function clientPage(): Page {
  return {
    title: 'Financial Readiness Questionnaire',
    body: `<h1>Financial Readiness Questionnaire</h1>
<p id="intro">Loading your questionnaire...</p>
<form id="questionnaire" novalidate hidden><div id="questions"></div>
<button type="submit">Submit</button>
<p id="msg" role="status"></p></form>`,
    script: `(async function () {
  var token = location.pathname.split('/')[2];
  var base = '/client/' + encodeURIComponent(token);
  var data;
  try { data = await FR.api(base + '/questions', { auth: false }); }
  catch (err) { return FR.say('intro', err.message); }
  var a = data.assessment;
  document.getElementById('intro').textContent = 'Hello ' + a.client_name + ', please answer the questions about ' + a.business_name + '.';
  if (a.status === 'completed') { document.getElementById('intro').textContent += ' This assessment has already been submitted.'; return; }
  var html = data.questions.map(function (q, n) {
    var name = 'q-' + q.id, title = (n + 1) + '. ' + FR.esc(q.text);
    if (q.type === 'text') return '<div class="q"><label for="' + name + '">' + title + '</label><textarea id="' + name + '" name="' + name + '" rows="2"></textarea></div>';
    var kind = q.type === 'multiple_choice' ? 'checkbox' : 'radio';
    return '<fieldset><legend>' + title + '</legend>' + q.options.map(function (o, i) {
      return '<label class="opt"><input type="' + kind + '" name="' + name + '" value="' + FR.esc(o.value) + '" data-i="' + i + '"> ' + FR.esc(o.label) + '</label>';
    }).join('') + '</fieldset>';
  }).join('');
  document.getElementById('questions').innerHTML = html;
  document.getElementById('questionnaire').hidden = false;
  document.getElementById('questionnaire').addEventListener('submit', async function (e) {
    e.preventDefault();
    var responses = [], missing = [];
    data.questions.forEach(function (q) {
      var name = 'q-' + q.id, value;
      if (q.type === 'text') value = document.getElementById(name).value.trim();
      else {
        var picked = Array.prototype.slice.call(document.querySelectorAll('input[name="' + name + '"]:checked'))
          .map(function (el) { return q.options[Number(el.dataset.i)].value; });
        value = q.type === 'multiple_choice' ? picked : picked[0];
      }
      if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) missing.push(q.id);
      else responses.push({ questionId: q.id, answer: { value: value } });
    });
    if (missing.length) return FR.say('msg', 'Please answer every question (' + missing.length + ' left).');
    try {
      await FR.api(base + '/responses', { method: 'POST', auth: false, body: { responses: responses } });
      var done = await FR.api(base + '/submit', { method: 'POST', auth: false });
      FR.say('msg', done.message, true); document.querySelector('#questionnaire button').disabled = true;
    } catch (err) { FR.say('msg', err.message); }
  });
})();`,
  };
}
