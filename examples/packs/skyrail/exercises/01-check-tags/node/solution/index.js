// Skyrail's pre-deploy check: are the four tags there, and does the name
// follow team-service-stage?
const REQUIRED = ["team", "service", "stage", "cost-centre"];

exports.handler = async (event) => {
  const tags = event.tags || {};
  const missing = REQUIRED.filter((k) => !tags[k]);
  const nameMatches =
    Boolean(tags.team && tags.service && tags.stage) &&
    event.functionName === `${tags.team}-${tags.service}-${tags.stage}`;
  return { ok: missing.length === 0 && nameMatches, missing, nameMatches };
};
