// cbor-x treats a falsy module as "no native acceleration" and uses its JS decoder.
module.exports = undefined;
