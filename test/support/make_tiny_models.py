"""Builds tiny randomly initialised Hugging Face model folders for the real-model suites.

Usage: python make_tiny_models.py <kind> <target dir>
  kind = gpt2      a GPT-2 causal LM with a byte-level BPE tokenizer trained on a few sentences
  kind = musicgen  a MusicGen (tiny T5 text encoder, tiny EnCodec, tiny decoder) with a T5 tokenizer
Writes config.json, model.safetensors and the tokenizer files with save_pretrained; prints one
JSON line with facts the tests compare against (e.g. sampling_rate, frame_rate). Not shipped.
"""

import json
import os
import sys

SENTENCES = [
    "the quick brown fox jumps over the lazy dog",
    "pantograph runs local models in persistent environments",
    "a small model writes a few words at a time",
    "music is made of notes and rests and rhythm",
    "hello world, hello pantograph, hello tokens",
]


def train_tokenizer(vocab_size):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(SENTENCES * 4, trainer=trainer)
    return tokenizer


def make_gpt2(target):
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    torch.manual_seed(0)
    raw = train_tokenizer(400)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, bos_token="<|endoftext|>", eos_token="<|endoftext|>", unk_token="<|endoftext|>")
    eos = tokenizer.convert_tokens_to_ids("<|endoftext|>")
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=256, n_embd=32, n_layer=2, n_head=2, bos_token_id=eos, eos_token_id=eos)
    model = GPT2LMHeadModel(config)
    model.generation_config.pad_token_id = eos
    # A random model may pick the end token at once; make it unlikely so generations have length.
    with torch.no_grad():
        model.lm_head.weight[eos].fill_(0.0)
        model.transformer.wte.weight[eos].mul_(0.0)
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return {"kind": "gpt2", "vocab_size": len(tokenizer), "eos_token_id": eos}


def make_musicgen(target):
    import torch
    from transformers import (
        EncodecConfig,
        MusicgenConfig,
        MusicgenDecoderConfig,
        MusicgenForConditionalGeneration,
        PreTrainedTokenizerFast,
        T5Config,
    )

    torch.manual_seed(0)
    raw = train_tokenizer(300)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, eos_token="<|endoftext|>", pad_token="<|endoftext|>", unk_token="<|endoftext|>")
    text = T5Config(vocab_size=len(tokenizer), d_model=16, d_kv=8, d_ff=32, num_layers=1, num_heads=2, pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    audio = EncodecConfig(
        sampling_rate=8000,
        audio_channels=1,
        hidden_size=16,
        num_filters=4,
        num_residual_layers=1,
        upsampling_ratios=[8, 5, 4, 2],
        codebook_size=32,
        codebook_dim=16,
        target_bandwidths=[0.5],
        num_lstm_layers=1,
    )
    decoder = MusicgenDecoderConfig(vocab_size=32, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, ffn_dim=32, num_codebooks=audio.num_quantizers, max_position_embeddings=512, pad_token_id=32, bos_token_id=32)
    config = MusicgenConfig(text_encoder=text.to_dict(), audio_encoder=audio.to_dict(), decoder=decoder.to_dict())
    model = MusicgenForConditionalGeneration(config)
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return {"kind": "musicgen", "sampling_rate": audio.sampling_rate, "frame_rate": audio.frame_rate, "num_codebooks": audio.num_quantizers}


def main(argv):
    if len(argv) != 3 or argv[1] not in ("gpt2", "musicgen"):
        sys.stderr.write(__doc__)
        return 2
    os.makedirs(argv[2], exist_ok=True)
    facts = make_gpt2(argv[2]) if argv[1] == "gpt2" else make_musicgen(argv[2])
    sys.stdout.write(json.dumps(facts) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
