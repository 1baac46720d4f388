-- Everything resolving one article reads, in one round trip (see resolver.py for the key layout).
-- KEYS[1]: the article's full result (redelivery window); KEYS[2]: its receipt;
-- KEYS[3..]: the article's feature indexes (sorted sets: member incident id, score day number).
-- ARGV[1] article id          ARGV[2] its packed signature ("" when none)
-- ARGV[3] least equal slots for a near-duplicate
-- ARGV[4] "{ns}:lsh:"         ARGV[5] current generation    ARGV[6] previous generation
-- ARGV[7] unix time at which a bucket of the current generation expires
-- ARGV[8] "{ns}:rcpt:"        ARGV[9] "{ns}:incident:"      ARGV[10] "{ns}:pf:"
-- ARGV[17] "{ns}:prof:" (profiles as older builds stored them, see common.lua read_profile)
-- ARGV[11] candidate ids read per feature index
-- ARGV[12] fingerprint field  ARGV[13] its bucket
-- ARGV[14] the band fields, concatenated   ARGV[15] their buckets, space-separated
-- ARGV[16] per feature index "min max" day, space-separated ("-inf +inf": undated, the most
-- recent ids are taken). Fields are raw hash bytes (8 for the fingerprint, whose value is the
-- first article's id; 6 per band, whose value is the first article's handle as 8 raw bytes).
-- (Lists travel as one argument each: fewer arguments to encode and parse.)
--
-- Replies:
--   {"stored", result}                               the article was resolved within the window
--   {"receipt", receipt JSON, version, state}        resolved earlier: version and state ("" when
--                                                    the incident has moved on) of its incident now
--   (results, states and profiles are stored packed: compressed JSON, see resolver.pack)
--   {"resolve", duplicate_of, its receipt JSON, incident id, version, state, profile,
--    candidate set, id1, profile1, id2, profile2, ...}
--      duplicate_of: the first article with this fingerprint, else the most similar earlier article
--      sharing a band (ties: smallest id), else ""; when it has an incident, that incident's
--      version, state and profile follow and no candidates are read. Otherwise the candidates of
--      the feature indexes follow with their profiles; "candidate set" names every id read (the
--      commit checks it is unchanged: find-or-create stays atomic).
local function receipt_parts(raw)
  local nl = string.find(raw, '\n', 1, true)
  if not nl then return raw, '' end
  return string.sub(raw, 1, nl - 1), string.sub(raw, nl + 1)
end

local function handle(id)
  return string.sub(redis.sha1hex(id), 1, 16)
end

-- Band entries hold handles as 8 raw bytes (half the hex digits' size).
local function packed_handle(hex)
  return (string.gsub(hex, '..', function(h) return string.char(tonumber(h, 16)) end))
end

local function hex_handle(raw)
  return (string.gsub(raw, '.', function(c) return string.format('%02x', string.byte(c)) end))
end

local stored = redis.call('GET', KEYS[1])
if stored then
  return {'stored', stored}
end
local own = redis.call('GET', KEYS[2])
if own then
  local json = receipt_parts(own)
  local receipt = cjson.decode(json)
  local summary = receipt[4]
  if summary == cjson.null or summary == nil then
    return {'receipt', json, '', ''}
  end
  local iid = summary['incident_id']
  local version = read_profile(ARGV[10] .. iid, ARGV[17] .. iid) or ''
  local state = ''
  if version ~= '' and tonumber(version) == tonumber(receipt[2]) then
    state = redis.call('GET', ARGV[9] .. iid) or ''
  end
  return {'receipt', json, version, state}
end

local id, sig, least = ARGV[1], ARGV[2], tonumber(ARGV[3])
local prefix, gen, prev, expire_at = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local written = {}

-- The value of ``field`` in its bucket of the current or previous generation; registers
-- ``value`` in the current generation when neither has one.
local function first(field, bucket, value)
  local key = prefix .. gen .. ':' .. bucket
  local found = redis.call('HGET', key, field)
  if found then return found end
  found = redis.call('HGET', prefix .. prev .. ':' .. bucket, field)
  if found then return found end
  redis.call('HSET', key, field, value)
  written[key] = true
  return nil
end

local function equal_slots(a, b)
  local n = 0
  for i = 1, #a, 2 do
    if string.sub(a, i, i + 1) == string.sub(b, i, i + 1) then n = n + 1 end
  end
  return n
end

local dup, dup_receipt = '', ''
local first_id = first(ARGV[12], ARGV[13], id)
if first_id and first_id ~= id then
  dup = first_id
  dup_receipt = receipt_parts(redis.call('GET', ARGV[8] .. handle(first_id)) or '')
else
  local me, seen, best_n = packed_handle(handle(id)), {}, -1
  local fields, buckets = ARGV[14], words(ARGV[15])
  for i = 1, #buckets do
    local other = first(string.sub(fields, 6 * i - 5, 6 * i), buckets[i], me)
    if other and other ~= me and not seen[other] then
      seen[other] = true
      local raw = redis.call('GET', ARGV[8] .. hex_handle(other))
      if raw and sig ~= '' then
        local json, other_sig = receipt_parts(raw)
        if #other_sig == #sig then
          local n = equal_slots(sig, other_sig)
          if n >= least then
            local other_id = cjson.decode(json)[1]
            if n > best_n or (n == best_n and other_id < dup) then
              dup, dup_receipt, best_n = other_id, json, n
            end
          end
        end
      end
    end
  end
end
for key in pairs(written) do
  redis.call('EXPIREAT', key, expire_at)
end

local reply = {'resolve', dup, dup_receipt}
if dup_receipt ~= '' then
  local summary = cjson.decode(dup_receipt)[4]
  if summary ~= cjson.null and summary ~= nil then
    local iid = summary['incident_id']
    local version, profile = read_profile(ARGV[10] .. iid, ARGV[17] .. iid)
    reply[4] = iid
    reply[5] = version or ''
    reply[6] = redis.call('GET', ARGV[9] .. iid) or ''
    reply[7] = profile or ''
    reply[8] = ''
    return reply
  end
end
reply[4], reply[5], reply[6], reply[7] = '', '', '', ''

-- Candidates: the ids of each feature index in its day window, then their profiles.
local ids = candidate_ids(3, #KEYS, words(ARGV[16]), tonumber(ARGV[11]))
reply[8] = table.concat(ids, '\n')
for _, cid in ipairs(ids) do
  local _, profile = read_profile(ARGV[10] .. cid, ARGV[17] .. cid)
  if profile then
    reply[#reply + 1] = cid
    reply[#reply + 1] = profile
  end
end
return reply
