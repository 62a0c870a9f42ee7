// A test double of Anam's browser SDK (window.anam), served in place of anam.js by the
// browser tests. It records every call in window.__anamCalls and lets a test fire events
// with window.__anamEmit(name, ...args) and choose how start ends (window.__anamStartError).
'use strict';
(function () {
  const calls = [];
  const listeners = {};
  window.__anamCalls = calls;
  window.__anamStartError = null;
  window.__anamEmit = function (name) {
    const args = Array.prototype.slice.call(arguments, 1);
    (listeners[name] || []).forEach((fn) => fn.apply(null, args));
    return (listeners[name] || []).length;
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
          paint(document.getElementById(id));
          const err = window.__anamStartError;
          return err ? Promise.reject(err) : Promise.resolve();
        },
        stopStreaming: function () {
          record('stopStreaming', arguments);
          window.__anamEmit('CONNECTION_CLOSED', 'CONNECTION_CLOSED_CODE_NORMAL');
          return Promise.resolve();
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
