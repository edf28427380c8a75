// Skyrail's pre-deploy check: are the four tags there, and does the name
// follow team-service-stage?
exports.handler = async (event) => {
  // TODO: list the missing required tags and compare the name.
  return { ok: true, missing: [], nameMatches: true };
};
