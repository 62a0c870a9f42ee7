// The demo page: one live session with Anam's browser SDK (window.anam, served beside this
// file), from the token anam-studio minted. The token and what the page shows come from
// session.json under the same secret path; nothing is stored.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  // AnamEvent names (the SDK's enum values are the same strings).
  const EV = {
    SESSION_READY: 'SESSION_READY',
    CONNECTION_ESTABLISHED: 'CONNECTION_ESTABLISHED',
    CONNECTION_CLOSED: 'CONNECTION_CLOSED',
    VIDEO_PLAY_STARTED: 'VIDEO_PLAY_STARTED',
    MESSAGE_HISTORY_UPDATED: 'MESSAGE_HISTORY_UPDATED',
    MIC_PERMISSION_GRANTED: 'MIC_PERMISSION_GRANTED',
    MIC_PERMISSION_DENIED: 'MIC_PERMISSION_DENIED',
    SERVER_WARNING: 'SERVER_WARNING',
    TALK_STREAM_INTERRUPTED: 'TALK_STREAM_INTERRUPTED',
    TOOL_CALL_STARTED: 'TOOL_CALL_STARTED',
    TOOL_CALL_COMPLETED: 'TOOL_CALL_COMPLETED',
    TOOL_CALL_FAILED: 'TOOL_CALL_FAILED',
    USER_SPEECH_STARTED: 'USER_SPEECH_STARTED',
    USER_SPEECH_ENDED: 'USER_SPEECH_ENDED',
  };
  // What a client tool's answer box holds to begin with: the handler returns it as text.
  const DEFAULT_RESULT = '{"ok": true}';
  // How long a client tool call waits for an answer before the page fails it (the SDK itself
  // waits for ever). Tests may shorten it with window.__demoToolAnswerMs, read per call.
  const TOOL_ANSWER_MS = 120000;
  const FAILED_BY_HAND = 'Failed by hand on the anam-studio demo page';
  const CLOSED = {
    CONNECTION_CLOSED_CODE_NORMAL: 'the session ended',
    CONNECTION_CLOSED_CODE_MICROPHONE_PERMISSION_DENIED: 'the microphone was not allowed',
    CONNECTION_CLOSED_CODE_SIGNALLING_CLIENT_CONNECTION_FAILURE: 'the signalling connection failed',
    CONNECTION_CLOSED_CODE_WEBRTC_FAILURE: 'the WebRTC connection failed',
    CONNECTION_CLOSED_CODE_SERVER_CLOSED_CONNECTION: 'the server closed the connection',
  };

  let client = null;
  let streaming = false;
  let starting = false;
  let muted = false;
  let expired = false;
  // Tool names that have the page's handler, and client calls waiting for an answer by id.
  const handled = new Set();
  const waiting = new Map();
  // Tool call ids seen by the handler, and those whose outcome is logged (first one wins).
  const answered = new Set();
  const settled = new Set();

  function time() {
    const d = new Date();
    return [d.getHours(), d.getMinutes(), d.getSeconds()]
      .map((n) => String(n).padStart(2, '0')).join(':');
  }

  // One line in the event log: kind is info, ok, warn or error.
  function log(kind, text, detail) {
    const li = document.createElement('li');
    li.className = kind;
    const t = document.createElement('time');
    t.textContent = time();
    const s = document.createElement('span');
    s.className = 'text';
    s.textContent = text;
    li.append(t, s);
    if (detail) {
      const d = document.createElement('span');
      d.className = 'detail';
      d.textContent = detail;
      li.append(d);
    }
    const list = $('log');
    list.append(li);
    list.scrollTop = list.scrollHeight;
  }

  function notice(kind, text) {
    const n = $('notice');
    n.className = 'notice' + (kind === 'error' ? ' error' : '');
    n.textContent = text;
    n.hidden = false;
  }

  // The SDK's ClientError: its own sentence, the HTTP status, and the API's message as cause.
  function describeError(err) {
    if (!err) return { text: 'Unknown error', cause: '', detail: '' };
    const text = String(err.message || err);
    const cause = err.details && err.details.cause ? String(err.details.cause) : '';
    const parts = cause ? [cause] : [];
    if (err.statusCode) parts.push('HTTP ' + err.statusCode + (err.code ? ', ' + err.code : ''));
    return { text: text, cause: cause, detail: parts.join(' · ') };
  }

  // In the log: the SDK's sentence, the API's message, the status. Above the page: the first two.
  function fail(what, err) {
    const d = describeError(err);
    log('error', what + ': ' + d.text, d.detail);
    notice('error', what + ': ' + d.text + (d.cause ? ' — ' + d.cause : ''));
  }

  function update() {
    const ready = !!client;
    $('start').disabled = !ready || streaming || starting || expired;
    $('stop').disabled = !ready || !(streaming || starting);
    $('interrupt').disabled = !streaming;
    $('message').disabled = !streaming;
    $('send').disabled = !streaming;
    $('say').disabled = !streaming;
    $('mic').disabled = !ready;
    $('mic').textContent = muted ? 'Unmute mic' : 'Mute mic';
    $('mic').setAttribute('aria-pressed', muted ? 'true' : 'false');
  }

  function renderTranscript(messages) {
    const list = $('transcript');
    list.textContent = '';
    for (const m of messages || []) {
      const li = document.createElement('li');
      const you = m.role === 'user';
      li.className = you ? 'user' : 'persona';
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = you ? 'You' : 'Persona';
      const what = document.createElement('span');
      what.textContent = m.content;
      li.append(who, ' ', what);
      if (m.interrupted) {
        const i = document.createElement('span');
        i.className = 'interrupted';
        i.textContent = ' (interrupted)';
        li.append(i);
      }
      list.append(li);
    }
    $('transcript-empty').hidden = list.children.length > 0;
    list.scrollTop = list.scrollHeight;
  }

  function countdown(secondsLeft, expiresAt) {
    const el = $('countdown');
    if (secondsLeft === null || secondsLeft === undefined) {
      el.textContent = 'Token has no expiry';
      return;
    }
    const until = performance.now() + secondsLeft * 1000;
    const tick = () => {
      const left = Math.round((until - performance.now()) / 1000);
      if (left <= 0) {
        el.textContent = 'Token expired';
        el.classList.add('expired');
        if (!expired) tokenExpired(expiresAt);
        return;
      }
      const h = Math.floor(left / 3600);
      const m = Math.floor((left % 3600) / 60);
      const s = left % 60;
      const mm = String(m).padStart(h ? 2 : 1, '0');
      el.textContent = 'Token expires in ' + (h ? h + ':' : '') + mm + ':' + String(s).padStart(2, '0');
      setTimeout(tick, 500);
    };
    tick();
  }

  function tokenExpired(expiresAt) {
    expired = true;
    const when = expiresAt ? ' at ' + new Date(expiresAt).toLocaleTimeString() : '';
    const text = streaming
      ? 'The session token expired' + when + '; the running session goes on, but a new one needs a new token.'
      : 'The session token expired' + when + '. Mint a new one in anam-studio and launch the demo again.';
    notice(streaming ? 'warn' : 'error', text);
    log(streaming ? 'warn' : 'error', 'Token expired' + when);
    update();
  }

  function browserNotes() {
    const ua = navigator.userAgent;
    if (/Firefox\//.test(ua)) {
      notice('warn', 'Firefox is not supported by Anam\'s SDK: open this address in Chrome, Edge or Safari.');
    } else if (/Safari\//.test(ua) && !/(Chrome|Chromium|Edg)\//.test(ua)) {
      $('browser-note').textContent = 'Safari plays the persona\'s voice only after a click on the page: pressing Start counts.';
    }
  }

  // A value as one line: text as it is, anything else as JSON.
  function oneLine(value) {
    if (typeof value === 'string') return value;
    try {
      return JSON.stringify(value);
    } catch (e) {
      return String(value);
    }
  }

  function minutes(ms) {
    const s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }

  function showToolCalls() {
    $('tool-calls').hidden = waiting.size === 0;
  }

  // The box a person answers a client tool call in: its name, its arguments, the result (text,
  // as the SDK's onStart handler returns it), Send result and Fail.
  function toolBox(p, n) {
    const box = document.createElement('article');
    box.className = 'tool-call';
    box.dataset.toolCallId = p.toolCallId;
    box.setAttribute('aria-labelledby', 'tool-call-' + n);
    const head = document.createElement('div');
    head.className = 'tool-call-head';
    const title = document.createElement('h3');
    title.id = 'tool-call-' + n;
    const name = document.createElement('code');
    name.className = 'tool-name';
    name.textContent = p.toolName;
    title.append(name);
    const wait = document.createElement('span');
    wait.className = 'tool-wait muted';
    wait.setAttribute('role', 'timer');
    head.append(title, wait);
    const argsLabel = document.createElement('p');
    argsLabel.className = 'tool-label';
    argsLabel.textContent = 'Arguments';
    const args = document.createElement('pre');
    args.className = 'tool-args';
    args.textContent = oneLine(p.arguments || {});
    const label = document.createElement('label');
    label.className = 'tool-label';
    label.htmlFor = 'tool-result-' + n;
    label.textContent = 'Result (sent as typed)';
    const result = document.createElement('textarea');
    result.id = 'tool-result-' + n;
    result.className = 'tool-result';
    result.rows = 1;
    result.spellcheck = false;
    result.value = DEFAULT_RESULT;
    const answer = document.createElement('div');
    answer.className = 'tool-answer';
    const send = document.createElement('button');
    send.type = 'button';
    send.className = 'primary tool-send';
    send.textContent = 'Send result';
    const fail = document.createElement('button');
    fail.type = 'button';
    fail.className = 'tool-fail';
    fail.textContent = 'Fail';
    fail.title = 'The persona gets an error instead of a result';
    const buttons = document.createElement('span');
    buttons.className = 'tool-buttons';
    buttons.append(send, fail);
    answer.append(result, buttons);
    box.append(head, argsLabel, args, label, answer);
    return { box: box, wait: wait, result: result, send: send, fail: fail };
  }

  let toolBoxes = 0;

  // The handler's onStart for a client tool: resolves with what the person sends, rejects on
  // Fail or when nobody answers in time (the SDK sends an error for a rejection).
  function askForResult(p) {
    if (p.toolType !== 'client') return Promise.resolve();
    if (answered.has(p.toolCallId)) {
      // SDK 4.27.0 calls onStart once for every session started on this client (each adds its
      // listeners, none are removed): the first call gets the box, the others never settle, so
      // the engine gets one answer.
      return new Promise(() => {});
    }
    answered.add(p.toolCallId);
    return new Promise((resolve, reject) => {
      const ui = toolBox(p, ++toolBoxes);
      const ms = Number(window.__demoToolAnswerMs) || TOOL_ANSWER_MS;
      const until = performance.now() + ms;
      let timer = null;
      const close = () => {
        clearTimeout(timer);
        waiting.delete(p.toolCallId);
        ui.box.remove();
        showToolCalls();
      };
      const entry = {
        name: p.toolName,
        send: () => {
          close();
          resolve(ui.result.value);
        },
        fail: (message) => {
          close();
          reject(new Error(message));
        },
        // The session ended: nothing is sent (a late answer would go out on the next session).
        drop: close,
      };
      const tick = () => {
        const left = until - performance.now();
        if (left <= 0) {
          entry.fail('No answer on the demo page within ' + Math.round(ms / 1000) + ' s');
          return;
        }
        ui.wait.textContent = 'Fails in ' + minutes(left) + ' if unanswered';
        timer = setTimeout(tick, Math.min(500, left));
      };
      ui.send.addEventListener('click', entry.send);
      ui.fail.addEventListener('click', () => entry.fail(FAILED_BY_HAND));
      ui.result.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          entry.send();
        }
      });
      waiting.set(p.toolCallId, entry);
      $('tool-call-list').append(ui.box);
      showToolCalls();
      tick();
    });
  }

  // The SDK keeps one handler per tool name and calls it right after the TOOL_CALL_STARTED
  // listeners, so a client tool's handler is registered when its first call is announced.
  function handleTool(name) {
    if (handled.has(name) || typeof client.registerToolCallHandler !== 'function') return;
    handled.add(name);
    client.registerToolCallHandler(name, {
      onStart: askForResult,
      // Without these the SDK does not emit TOOL_CALL_COMPLETED / _FAILED for client tools.
      onComplete: () => Promise.resolve(),
      onFail: () => Promise.resolve(),
    });
  }

  function toolStarted(p) {
    const kind = p.toolSubtype ? p.toolType + ', ' + p.toolSubtype : p.toolType;
    log('info', 'Tool call started: ' + p.toolName + (kind ? ' (' + kind + ')' : ''),
      'arguments: ' + oneLine(p.arguments || {}));
    if (p.toolType === 'client') handleTool(p.toolName);
  }

  // The first outcome of a call is logged: the engine may report a client call's outcome too.
  function toolSettled(p) {
    if (settled.has(p.toolCallId)) return false;
    settled.add(p.toolCallId);
    return true;
  }

  function took(p) {
    return p.executionTime > 0 ? ' · took ' + (p.executionTime / 1000).toFixed(1) + ' s' : '';
  }

  function toolCompleted(p) {
    if (!toolSettled(p)) return;
    const result = p.result === undefined || p.result === null ? 'no result' : 'result: ' + oneLine(p.result);
    log('ok', 'Tool call completed: ' + p.toolName, result + took(p));
  }

  function toolFailed(p) {
    if (!toolSettled(p)) return;
    log('warn', 'Tool call failed: ' + p.toolName, String(p.errorMessage || 'no reason given') + took(p));
  }

  // Calls still waiting when the session ends are closed without an answer.
  function dropToolCalls() {
    for (const entry of Array.from(waiting.values())) {
      entry.drop();
      log('warn', 'Tool call left unanswered: ' + entry.name, 'the session ended before a result was sent');
    }
  }

  function listen() {
    client.addListener(EV.SESSION_READY, (sessionId) => log('ok', 'Session ready', sessionId ? 'session ' + sessionId : ''));
    client.addListener(EV.CONNECTION_ESTABLISHED, () => log('info', 'Connection established'));
    client.addListener(EV.VIDEO_PLAY_STARTED, () => {
      $('video-placeholder').hidden = true;
      log('ok', 'Video playing');
    });
    client.addListener(EV.CONNECTION_CLOSED, (reason, details) => {
      const why = CLOSED[reason] || String(reason || 'no reason given');
      log(reason === 'CONNECTION_CLOSED_CODE_NORMAL' ? 'info' : 'warn', 'Connection closed: ' + why, details || '');
      streaming = false;
      starting = false;
      dropToolCalls();
      $('video-placeholder').hidden = false;
      $('video-placeholder').textContent = 'The session has ended. Press Start for a new one.';
      update();
    });
    client.addListener(EV.MIC_PERMISSION_GRANTED, () => log('info', 'Microphone allowed'));
    client.addListener(EV.MIC_PERMISSION_DENIED, (error) =>
      log('error', 'Microphone denied: the persona cannot hear you; type messages instead', error ? String(error) : ''));
    client.addListener(EV.SERVER_WARNING, (message) => log('warn', 'Server warning', String(message || '')));
    client.addListener(EV.TALK_STREAM_INTERRUPTED, () => log('info', 'Persona interrupted'));
    client.addListener(EV.MESSAGE_HISTORY_UPDATED, renderTranscript);
    client.addListener(EV.TOOL_CALL_STARTED, toolStarted);
    client.addListener(EV.TOOL_CALL_COMPLETED, toolCompleted);
    client.addListener(EV.TOOL_CALL_FAILED, toolFailed);
    client.addListener(EV.USER_SPEECH_STARTED, () => log('info', 'You started speaking'));
    client.addListener(EV.USER_SPEECH_ENDED, () => log('info', 'You stopped speaking'));
  }

  async function start() {
    if (!client || expired) return;
    starting = true;
    update();
    $('notice').hidden = true;
    $('video-placeholder').textContent = 'Starting the session…';
    log('info', 'Starting the session…');
    try {
      await client.streamToVideoElement('persona-video');
      streaming = true;
    } catch (err) {
      fail('Could not start the session', err);
      $('video-placeholder').textContent = 'The session did not start: see the events.';
    } finally {
      starting = false;
      update();
    }
  }

  async function stop() {
    try {
      await client.stopStreaming();
    } catch (err) {
      fail('Could not stop the session', err);
    }
    streaming = false;
    starting = false;
    update();
  }

  function toggleMic() {
    try {
      if (muted) client.unmuteInputAudio(); else client.muteInputAudio();
      muted = !muted;
      log('info', muted ? 'Microphone muted' : 'Microphone on');
    } catch (err) {
      fail('Could not change the microphone', err);
    }
    update();
  }

  async function send(say) {
    const box = $('message');
    const text = box.value.trim();
    if (!text || !streaming) return;
    try {
      if (say) {
        await client.talk(text);
        log('info', 'Persona asked to say it', text);
      } else {
        client.sendUserMessage(text);
        log('info', 'Message sent', text);
      }
      box.value = '';
    } catch (err) {
      fail(say ? 'Could not make the persona say it' : 'Could not send the message', err);
    }
    box.focus();
  }

  function interrupt() {
    try {
      client.interruptPersona();
      log('info', 'Interrupt sent');
    } catch (err) {
      fail('Could not interrupt', err);
    }
  }

  async function init() {
    browserNotes();
    $('start').addEventListener('click', start);
    $('stop').addEventListener('click', stop);
    $('mic').addEventListener('click', toggleMic);
    $('interrupt').addEventListener('click', interrupt);
    $('say').addEventListener('click', () => send(true));
    $('message-form').addEventListener('submit', (e) => {
      e.preventDefault();
      send(false);
    });
    let s;
    try {
      const r = await fetch('session.json', { cache: 'no-store' });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      s = await r.json();
    } catch (err) {
      $('preset').textContent = 'This demo has ended';
      notice('error', 'anam-studio is no longer serving this demo (' + (err.message || err) + '). Launch the demo again from the app.');
      return;
    }
    $('preset').textContent = s.preset;
    document.title = s.preset + ' · Anam demo';
    $('environment').textContent = s.environment === s.baseUrl
      ? s.baseUrl
      : s.environment + ' · ' + s.baseUrl;
    $('sdk').textContent = '@anam-ai/js-sdk ' + s.sdkVersion + (s.sdkOrigin === 'file' ? ' (a local file)' : '');
    if (s.expired) {
      countdown(0, s.expiresAt);
      return;
    }
    countdown(s.secondsLeft, s.expiresAt);
    if (!window.anam || typeof window.anam.createClient !== 'function') {
      notice('error', 'The Anam SDK did not load, so no session can start. Check anam-studio\'s SDK file setting.');
      log('error', 'The Anam SDK did not load');
      return;
    }
    try {
      client = window.anam.createClient(s.token, { api: { baseUrl: s.baseUrl } });
    } catch (err) {
      fail('The SDK refused the token', err);
      return;
    }
    listen();
    log('info', 'Ready: press Start to begin the session');
    update();
  }

  // Errors nobody caught (inside the SDK) still reach the log.
  window.addEventListener('unhandledrejection', (e) => {
    const d = describeError(e.reason);
    log('error', 'Error: ' + d.text, d.detail);
  });

  init();
})();
