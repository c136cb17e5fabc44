"""Batch processing of web archives on Ray Data: `marsad batch` (needs the ``marsad[ray]`` extra).

Each shard (a WARC/WET file) goes through the same per-document pipeline as `marsad extract`; its
stories, mentions, events and figures land in date-partitioned Parquet (:mod:`marsad.batch.schema`),
its documents as lossless JSON for `marsad load`; then duplicates, story clusters and event
corroboration run over the whole output as distributed group-by stages (:mod:`marsad.batch.link`).
"""
