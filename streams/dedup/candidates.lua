-- Candidate incidents of one article, with their profiles, in one round trip.
-- KEYS[1]: the article's result key (if it exists, another worker resolved the article meanwhile:
-- {"stored", result JSON} is returned); KEYS[2..]: feature index keys (sorted sets: member =
-- incident id, score = day number).
-- ARGV[1]: profile key prefix ("{ns}:prof:"); ARGV[2]: at most this many ids per feature;
-- ARGV[3 + 2(i-2)], ARGV[4 + 2(i-2)]: min and max day of KEYS[i] ("-inf"/"+inf" for undated
-- articles: then the most recent ids are taken).
-- Returns {"candidates", id1, profile1, id2, profile2, ...} (ids without a profile are left out).
local stored = redis.call('GET', KEYS[1])
if stored then
  return {'stored', stored}
end
local seen, ids = {}, {}
local limit = tonumber(ARGV[2])
for i = 2, #KEYS do
  local lo, hi = ARGV[2 * i - 1], ARGV[2 * i]
  local found
  if lo == '-inf' then
    found = redis.call('ZREVRANGEBYSCORE', KEYS[i], hi, lo, 'LIMIT', 0, limit)
  else
    found = redis.call('ZRANGEBYSCORE', KEYS[i], lo, hi, 'LIMIT', 0, limit)
  end
  for _, id in ipairs(found) do
    if not seen[id] then
      seen[id] = true
      ids[#ids + 1] = id
    end
  end
end
local out = {'candidates'}
for _, id in ipairs(ids) do
  local profile = redis.call('GET', ARGV[1] .. id)
  if profile then
    out[#out + 1] = id
    out[#out + 1] = profile
  end
end
return out
