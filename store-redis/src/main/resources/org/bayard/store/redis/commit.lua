-- Applies one write of a Bayard node atomically (see CommitScript.java for the arguments).
-- KEYS: tokens, totals, ledger. ARGV[1]: how many ledger checks follow, as pairs
-- (digest, the value the write read, '' for none); then the write's changes, in order:
--   'c' dHam dSpam tokens   add to each token of a string of 8-byte tokens, clamped to [0, 2^31-1]
--   't' dHam dSpam          add to the totals, never below 0
--   'p' digest value        put a ledger entry
--   'r' digest              remove a ledger entry
-- Returns 0, changing nothing, when a checked ledger entry is no longer what the write read
-- (another node learned or forgot that message meanwhile: the node runs the write again);
-- else 1. Every new value is computed before the first is written, so a value this script
-- cannot read stops it with nothing changed.
local tokens, totals, ledger = KEYS[1], KEYS[2], KEYS[3]
local MAX = 2147483647

local function clamp(v)
  if v < 0 then return 0 elseif v > MAX then return MAX end
  return v
end

local function number(key, field)
  local v = redis.call('HGET', key, field)
  if not v then return 0 end
  local n = tonumber(v)
  if not n then error('bayard: ' .. field .. ' in ' .. key .. ' is not a number') end
  return n
end

local i = 2
for _ = 1, tonumber(ARGV[1]) do
  if (redis.call('HGET', ledger, ARGV[i]) or '') ~= ARGV[i + 1] then return 0 end
  i = i + 2
end

local counts, ledgerChanges = {}, {}
local CHUNK = 1000

-- reads the counts of the tokens of a list not read yet, CHUNK to a call
local function load(list)
  local want = {}
  for k = 1, #list, 8 do
    local t = string.sub(list, k, k + 7)
    if counts[t] == nil then
      counts[t] = false
      want[#want + 1] = t
    end
  end
  for from = 1, #want, CHUNK do
    local chunk = {}
    for j = from, math.min(from + CHUNK - 1, #want) do chunk[#chunk + 1] = want[j] end
    local values = redis.call('HMGET', tokens, unpack(chunk))
    for j = 1, #chunk do
      local v = values[j]
      if v and #v ~= 8 then error('bayard: a token value in ' .. tokens .. ' is not 8 bytes') end
      if v then counts[chunk[j]] = {struct.unpack('>I4I4', v)} else counts[chunk[j]] = {0, 0} end
    end
  end
end

local ham, spam = number(totals, 'ham'), number(totals, 'spam')
local totalsChanged = false
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'c' then
    local dh, ds, list = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), ARGV[i + 3]
    load(list)
    for k = 1, #list, 8 do
      local c = counts[string.sub(list, k, k + 7)]
      c[1], c[2] = clamp(c[1] + dh), clamp(c[2] + ds)
    end
    i = i + 4
  elseif op == 't' then
    ham, spam = math.max(0, ham + tonumber(ARGV[i + 1])), math.max(0, spam + tonumber(ARGV[i + 2]))
    totalsChanged = true
    i = i + 3
  elseif op == 'p' then
    ledgerChanges[ARGV[i + 1]] = ARGV[i + 2]
    i = i + 3
  elseif op == 'r' then
    ledgerChanges[ARGV[i + 1]] = false
    i = i + 2
  else
    error('bayard: unknown change ' .. tostring(op))
  end
end

-- written CHUNK fields to a call
local sets, dels = {}, {}
local function flush(force)
  if #sets >= 2 * CHUNK or (force and #sets > 0) then
    redis.call('HSET', tokens, unpack(sets))
    sets = {}
  end
  if #dels >= CHUNK or (force and #dels > 0) then
    redis.call('HDEL', tokens, unpack(dels))
    dels = {}
  end
end
for t, c in pairs(counts) do
  if c[1] == 0 and c[2] == 0 then
    dels[#dels + 1] = t
  else
    sets[#sets + 1] = t
    sets[#sets + 1] = struct.pack('>I4I4', c[1], c[2])
  end
  flush(false)
end
flush(true)
if totalsChanged then
  redis.call('HSET', totals, 'ham', string.format('%d', ham), 'spam', string.format('%d', spam))
end
for d, v in pairs(ledgerChanges) do
  if v then redis.call('HSET', ledger, d, v) else redis.call('HDEL', ledger, d) end
end
return 1
