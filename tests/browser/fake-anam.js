// A test double of Anam's browser SDK (window.anam), served in place of anam.js by the
// browser tests. It records every call in window.__anamCalls and lets a test fire events
// with window.__anamEmit(name, ...args) and choose how start ends (window.__anamStartError).
//
// window.__anamDataChannel({ messageType, data }) plays a message from the engine as SDK 4.27.0
// does (dist/module/modules/StreamingClient.js, ToolCallManager.js): tool call events become
// TOOL_CALL_STARTED / _COMPLETED / _FAILED with camelCase payloads, a client tool's handler
// registered with registerToolCallHandler is called, and what it returns (or throws) goes back
// to the engine: window.__anamSent holds those tool_result messages. Like 4.27.0, every session
// started on the client adds one more handler dispatch (its listeners are never removed).
'use strict';
(function () {
  const calls = [];
  const listeners = {};
  const handlers = Object.create(null);
  // One tool call dispatcher per session started (StreamingClient's internal listeners).
  const dispatchers = [];
  let activeSessionId = null;
  let sessions = 0;
  window.__anamCalls = calls;
  window.__anamSent = [];
  window.__anamStartError = null;
  window.__anamEmit = function (name) {
    const args = Array.prototype.slice.call(arguments, 1);
    (listeners[name] || []).forEach((fn) => fn.apply(null, args));
    return (listeners[name] || []).length;
  };
  window.__anamSessionId = function () { return activeSessionId; };
  // The SDK's conversions from the engine's snake_case events.
  function started(e) {
    return {
      eventUid: e.event_uid, sessionId: e.session_id, toolCallId: e.tool_call_id,
      toolName: e.tool_name, toolType: e.tool_type, toolSubtype: e.tool_subtype,
      arguments: e.arguments, timestamp: e.timestamp,
      timestampUserAction: e.timestamp_user_action, userActionCorrelationId: e.user_action_correlation_id,
    };
  }
  function completed(e) {
    return {
      eventUid: e.event_uid, sessionId: e.session_id, toolCallId: e.tool_call_id,
      toolName: e.tool_name, toolType: e.tool_type, toolSubtype: e.tool_subtype,
      result: e.result, executionTime: 0, timestamp: e.timestamp, documentsAccessed: e.documents_accessed,
      timestampUserAction: e.timestamp_user_action, userActionCorrelationId: e.user_action_correlation_id,
    };
  }
  function failed(e) {
    return {
      eventUid: e.event_uid, sessionId: e.session_id, toolCallId: e.tool_call_id,
      toolName: e.tool_name, toolType: e.tool_type, toolSubtype: e.tool_subtype,
      errorMessage: e.error_message, executionTime: 0, timestamp: e.timestamp,
      timestampUserAction: e.timestamp_user_action, userActionCorrelationId: e.user_action_correlation_id,
    };
  }
  // StreamingClient.onToolCallResultReceived: the data channel message, sent while a session runs.
  function sendToolResult(e, result, errorMessage) {
    if (activeSessionId === null) return;
    const message = {
      session_id: e.session_id, message_type: 'tool_result', tool_call_id: e.tool_call_id,
      user_action_correlation_id: e.user_action_correlation_id, timestamp_user_action: e.timestamp_user_action,
    };
    if (result !== undefined) message.result = result;
    if (errorMessage) message.error = errorMessage;
    window.__anamSent.push(message);
  }
  // ToolCallManager.processToolCallCompletedEvent / processToolCallFailedEvent (the public
  // event only for client tools with an onComplete / onFail handler).
  function processCompleted(e) {
    if (activeSessionId !== e.session_id) return;
    const h = handlers[e.tool_name];
    if (!h || !h.onComplete) return;
    if (e.tool_type === 'client') window.__anamEmit('TOOL_CALL_COMPLETED', completed(e));
    h.onComplete(completed(e));
  }
  function processFailed(e) {
    if (activeSessionId !== e.session_id) return;
    const h = handlers[e.tool_name];
    if (!h || !h.onFail) return;
    if (e.tool_type === 'client') window.__anamEmit('TOOL_CALL_FAILED', failed(e));
    h.onFail(failed(e));
  }
  // ToolCallManager.processToolCallStartedEvent.
  async function processStarted(e) {
    if (activeSessionId !== e.session_id) return;
    const h = handlers[e.tool_name];
    if (!h || !h.onStart) return;
    try {
      const result = await h.onStart(started(e));
      if (e.tool_type === 'client') {
        sendToolResult(e, result === null ? undefined : result, undefined);
        processCompleted(Object.assign({}, e, { result: result, timestamp: new Date().toISOString() }));
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (e.tool_type === 'client') sendToolResult(e, undefined, 'Error in handler: ' + message);
      processFailed(Object.assign({}, e, {
        error_message: 'Error in onStart handler: ' + message, timestamp: new Date().toISOString(),
      }));
    }
  }
  // StreamingClient's data channel onmessage, for the messages these tests play.
  window.__anamDataChannel = function (message) {
    const d = message.data;
    switch (message.messageType) {
      case 'toolCallStarted':
        window.__anamEmit('TOOL_CALL_STARTED', started(d));
        dispatchers.forEach(() => processStarted(d));
        break;
      case 'toolCallCompleted':
        window.__anamEmit('TOOL_CALL_COMPLETED', completed(d));
        dispatchers.forEach(() => processCompleted(d));
        break;
      case 'toolCallFailed':
        window.__anamEmit('TOOL_CALL_FAILED', failed(d));
        dispatchers.forEach(() => processFailed(d));
        break;
      case 'userSpeechStarted':
        window.__anamEmit('USER_SPEECH_STARTED', (d && d.user_action_correlation_id) || 'unknown');
        break;
      case 'userSpeechEnded':
        window.__anamEmit('USER_SPEECH_ENDED', (d && d.user_action_correlation_id) || 'unknown');
        break;
      default:
        throw new Error('the double does not play ' + message.messageType);
    }
  };
  function record(name, args) {
    calls.push({ name: name, args: JSON.parse(JSON.stringify(Array.prototype.slice.call(args))) });
  }
  // A still "persona" drawn on a canvas, streamed into the video element like the real one.
  function paint(video) {
    if (!video || !HTMLCanvasElement.prototype.captureStream) return;
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    const g = c.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, 480);
    sky.addColorStop(0, '#3b4a5e');
    sky.addColorStop(1, '#1d2430');
    g.fillStyle = sky;
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#c98e6b';
    g.beginPath();
    g.arc(320, 190, 78, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#2f6f8f';
    g.beginPath();
    g.ellipse(320, 470, 180, 150, 0, Math.PI, 0);
    g.fill();
    video.srcObject = c.captureStream(5);
  }
  window.anam = {
    createClient: function (token, options) {
      record('createClient', arguments);
      return {
        addListener: function (event, fn) {
          (listeners[event] = listeners[event] || []).push(fn);
        },
        streamToVideoElement: function (id) {
          record('streamToVideoElement', arguments);
          const err = window.__anamStartError;
          if (err) return Promise.reject(err);
          sessions += 1;
          activeSessionId = 'fake-session-' + sessions;
          dispatchers.push(sessions);
          paint(document.getElementById(id));
          return Promise.resolve();
        },
        stopStreaming: function () {
          record('stopStreaming', arguments);
          window.__anamEmit('CONNECTION_CLOSED', 'CONNECTION_CLOSED_CODE_NORMAL');
          activeSessionId = null;
          return Promise.resolve();
        },
        registerToolCallHandler: function (toolName, handler) {
          record('registerToolCallHandler', [toolName]);
          handlers[toolName] = handler;
          return function () { delete handlers[toolName]; };
        },
        sendUserMessage: function () { record('sendUserMessage', arguments); },
        talk: function () { record('talk', arguments); return Promise.resolve(); },
        interruptPersona: function () { record('interruptPersona', arguments); },
        muteInputAudio: function () { record('muteInputAudio', arguments); return { isMuted: true }; },
        unmuteInputAudio: function () { record('unmuteInputAudio', arguments); return { isMuted: false }; },
      };
    },
  };
})();
