/*
 * The talking avatar of the voice page (ES module, loaded only when POST /api/v1/avatar/session returns a provider):
 * HeyGen's own browser SDK starts the streaming session with the short-lived token from our server, against the base
 * URL our server names, and the avatar's MediaStream plays in the page's <video>. Our answer sentences are spoken with
 * task type REPEAT (the avatar says our text; HeyGen's own LLM is not used). The page falls back to the built-in
 * indicator and our TTS audio when start() rejects or the stream drops (onLost).
 */
import StreamingAvatar, { AvatarQuality, StreamingEvents, TaskType } from "../lib/heygen/streaming-avatar.esm.js";

/** Starts the avatar; resolves to { speak(text), interrupt(), stop() } once the video is playing. */
export async function start(session, video, onLost) {
  var avatar = new StreamingAvatar({ token: session.token, basePath: session.base_url });
  var ready = new Promise(function (resolve, reject) {
    setTimeout(function () { reject(new Error("no video within 30 s")); }, 30000);
    avatar.on(StreamingEvents.STREAM_READY, function (e) {
      video.srcObject = e.detail;
      video.play().catch(function () { /* autoplay refused: the next click plays it */ });
      resolve();
    });
  });
  avatar.on(StreamingEvents.STREAM_DISCONNECTED, function () { onLost("the avatar's video stream ended"); });
  try {
    await avatar.createStartAvatar({ avatarName: session.avatar_id || undefined, quality: AvatarQuality.Medium });
  } catch (e) {
    avatar.stopAvatar().catch(function () { /* the session may not exist */ });
    throw e;
  }
  try {
    await ready;
  } catch (e) {
    avatar.stopAvatar().catch(function () { /* already gone */ });
    throw e;
  }
  return {
    speak: function (text) {
      return avatar.speak({ text: text, taskType: TaskType.REPEAT }).catch(function (e) { onLost("the avatar could not speak (" + describe(e) + ")"); });
    },
    interrupt: function () { avatar.interrupt().catch(function () { /* nothing was being said */ }); },
    stop: function () { return avatar.stopAvatar().catch(function () { /* already gone */ }); },
  };
}

export function describe(e) {
  if (!e) return "unknown error";
  if (e.status) return "HTTP " + e.status;
  return e.message || String(e);
}
