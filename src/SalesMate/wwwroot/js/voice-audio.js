/*
 * Audio for the voice page: the microphone (MediaRecorder WebM/Opus chunks and a Web Audio level meter for the
 * hands-free pause detection) and the player of the answer's per-sentence audio (a queue played in order, stoppable
 * for barge-in, with a level meter that drives the speaking indicator). Defines SalesMateVoiceAudio.
 */
var SalesMateVoiceAudio = (function () {
  "use strict";

  var WEBM_OPUS = "audio/webm;codecs=opus";
  var audioContext = null;

  /** One AudioContext for the page, resumed on a user gesture (browsers keep it suspended until then). */
  function context() {
    if (!audioContext) audioContext = new (window.AudioContext || window.webkitAudioContext)();
    if (audioContext.state === "suspended") audioContext.resume();
    return audioContext;
  }

  function meter(ctx) {
    var analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    var samples = new Float32Array(analyser.fftSize);
    return {
      node: analyser,
      /** Root mean square of the latest samples, 0..1. */
      level: function () {
        analyser.getFloatTimeDomainData(samples);
        var sum = 0;
        for (var i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
        return Math.sqrt(sum / samples.length);
      },
    };
  }

  /** The microphone: open() asks for permission; record(onChunk) starts a recorder that hands out WebM/Opus blobs. */
  function createMicrophone() {
    var stream = null, source = null, levels = null;

    return {
      isOpen: function () { return stream !== null; },
      open: async function () {
        if (stream) return;
        if (!navigator.mediaDevices || !window.MediaRecorder) throw new Error("unsupported");
        var ctx = context();
        // Echo cancellation keeps the answer's own audio from barging in; noise suppression and gain control are left
        // off because they distort speech for the recognisers more than they help.
        stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: false, autoGainControl: false, channelCount: 1 } });
        source = ctx.createMediaStreamSource(stream);
        levels = meter(ctx);
        source.connect(levels.node);
      },
      close: function () {
        if (!stream) return;
        stream.getTracks().forEach(function (t) { t.stop(); });
        source.disconnect();
        stream = source = levels = null;
      },
      level: function () { return levels ? levels.level() : 0; },
      /** Starts recording; returns stop(), a promise that resolves once the last chunk was handed out. */
      record: function (onChunk) {
        var options = MediaRecorder.isTypeSupported(WEBM_OPUS) ? { mimeType: WEBM_OPUS } : {};
        var recorder = new MediaRecorder(stream, options);
        recorder.ondataavailable = function (e) { if (e.data && e.data.size > 0) onChunk(e.data); };
        recorder.start(250);
        return function stop() {
          return new Promise(function (resolve) {
            if (recorder.state === "inactive") return resolve();
            recorder.addEventListener("stop", function () { resolve(); }, { once: true });
            recorder.stop();
          });
        };
      },
    };
  }

  /**
   * Plays audio files (ArrayBuffers) one after another in the order they were queued; decoding runs ahead while the
   * previous one plays. stop() silences it at once and forgets the queue. onPlayed(count) after each finished piece.
   */
  function createPlayer(onPlayed) {
    var tail = Promise.resolve();
    var generation = 0;
    var current = null;
    var pending = 0;
    var played = 0;
    var levels = null;

    function playNow(buffer, mine) {
      return new Promise(function (resolve) {
        if (mine !== generation) return resolve();
        var ctx = context();
        if (!levels) {
          levels = meter(ctx);
          levels.node.connect(ctx.destination);
        }
        current = ctx.createBufferSource();
        current.buffer = buffer;
        current.connect(levels.node);
        current.onended = function () {
          current = null;
          if (mine === generation) onPlayed(++played);
          resolve();
        };
        current.start();
      });
    }

    return {
      enqueue: function (data) {
        var mine = generation;
        var decoded = context().decodeAudioData(data);
        pending++;
        tail = tail.then(function () { return decoded; })
          .then(function (buffer) { return playNow(buffer, mine); })
          .catch(function () { /* an undecodable piece is skipped */ })
          .then(function () { if (mine === generation) pending--; });
      },
      stop: function () {
        generation++;
        pending = 0;
        tail = Promise.resolve();
        if (current) {
          try { current.stop(); } catch (e) { /* already ended */ }
          current = null;
        }
      },
      isPlaying: function () { return pending > 0; },
      level: function () { return levels && current ? levels.level() : 0; },
    };
  }

  return { createMicrophone: createMicrophone, createPlayer: createPlayer, context: context };
})();
