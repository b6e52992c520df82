"""Clean records or a text column with Dask, on one machine or a cluster.

Every Dask worker builds one :class:`~cleantext.Detector` per configuration and keeps
it for all partitions it runs (the model loads once per worker process).  Partitions are
cleaned record by record, so memory follows the partition size.

A bag of JSON records, read and written as JSON Lines::

    import json
    import dask.bag as db
    from cleantext import DetectorConfig
    from cleantext.integrations.dask import clean_bag

    bag = db.read_text("crawl/*.jsonl.gz").map(json.loads)
    cleaned = clean_bag(bag, text_field="text", detector_config=DetectorConfig())
    cleaned.map(json.dumps).to_textfiles("clean/*.jsonl.gz")

A dataframe column::

    import dask.dataframe as dd
    from cleantext.integrations.dask import clean_dataframe

    ddf = dd.read_parquet("crawl.parquet")
    out = clean_dataframe(ddf, "text", output_column="text_clean")
    out.to_parquet("clean.parquet")

Run it on a cluster by creating a ``dask.distributed.Client`` first; nothing else
changes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from ..batch import ERROR_FIELD, RESULT_FIELD, FieldMap, iter_clean_records
from ..config import DetectorConfig

try:
    import dask.bag as _db  # noqa: F401  - fail early with a helpful message
except ImportError as err:  # pragma: no cover - depends on the environment
    msg = ("cleantext.integrations.dask needs Dask: "
           "pip install 'cleantext-injections[dask]' (or 'dask[bag,dataframe]')")
    raise ImportError(msg) from err

__all__ = ["clean_bag", "clean_dataframe", "clean_partition"]


@functools.lru_cache(maxsize=8)
def _detector(config: DetectorConfig) -> Any:
    """One Detector per configuration and worker process, built on first use."""
    from ..detector import Detector

    return Detector(config)


def clean_partition(records: Iterable[Mapping[str, Any]], *,
                    detector_config: DetectorConfig | None = None,
                    fields: FieldMap = FieldMap()) -> list[dict[str, Any]]:
    """Clean one partition of records (see :func:`cleantext.batch.iter_clean_records`)."""
    det = _detector(detector_config or DetectorConfig())
    return list(iter_clean_records(records, detector=det, text_field=fields.text_field,
                                   html_field=fields.html_field,
                                   output_field=fields.output_field,
                                   text_format=fields.text_format))


def clean_bag(bag: Any, *, detector_config: DetectorConfig | None = None,
              text_field: str = "text", html_field: str | None = None,
              output_field: str | None = None,
              text_format: Literal["auto", "text", "html"] = "text") -> Any:
    """Return a lazy ``dask.bag.Bag`` of cleaned records, in the input order.

    Each output record has the cleaned text (in ``output_field``, or replacing the
    document field), a ``cleantext`` field with the decisions, and every other field
    untouched; a record that cannot be cleaned carries ``cleantext_error`` instead.
    """
    fields = FieldMap(text_field=text_field, html_field=html_field,
                      output_field=output_field, text_format=text_format)
    return bag.map_partitions(clean_partition, detector_config=detector_config,
                              fields=fields)


def clean_dataframe(ddf: Any, column: str = "text", *, output_column: str | None = None,
                    detector_config: DetectorConfig | None = None,
                    input_format: Literal["auto", "text", "html"] = "text") -> Any:
    """Clean a text column of a ``dask.dataframe.DataFrame``.

    Adds (or replaces) these columns and keeps all others:

    - ``output_column`` (default: ``column`` itself): the cleaned text;
    - ``cleantext_removed``: number of spans removed;
    - ``cleantext``: the decisions as a JSON string (``flags``, ``checked``);
    - ``cleantext_error``: the error message for a value that could not be cleaned
      (missing or not a string), else None.
    """
    out_col = output_column or column
    # The empty frame Dask carries, cleaned, gives the output's columns and dtypes.
    meta = _clean_frame(ddf._meta, column, out_col, detector_config, input_format)  # noqa: SLF001
    return ddf.map_partitions(_clean_frame, column, out_col, detector_config, input_format,
                              meta=meta)


def _clean_frame(pdf: Any, column: str, out_col: str, config: DetectorConfig | None,
                 input_format: str) -> Any:
    import pandas as pd

    det = _detector(config or DetectorConfig())
    fields = FieldMap(text_field="text", text_format=input_format)  # type: ignore[arg-type]
    cleaned, removed, decisions, errors = [], [], [], []
    for value in pdf[column].tolist():
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            cleaned.append(value)
            removed.append(0)
            decisions.append(None)
            errors.append(f"missing value in column {column!r}")
            continue
        (rec,) = iter_clean_records([{"text": value}], detector=det,
                                    text_field=fields.text_field,
                                    text_format=fields.text_format)
        if ERROR_FIELD in rec:
            cleaned.append(value)
            removed.append(0)
            decisions.append(None)
            errors.append(rec[ERROR_FIELD]["message"])
        else:
            res = rec[RESULT_FIELD]
            cleaned.append(rec["text"])
            removed.append(sum(1 for f in res["flags"] if f.get("removed")))
            decisions.append(json.dumps(res, ensure_ascii=False))
            errors.append(None)
    out = pdf.copy()
    out[out_col] = pd.Series(cleaned, index=pdf.index, dtype=object)
    out["cleantext_removed"] = pd.Series(removed, index=pdf.index, dtype="int64")
    out["cleantext"] = pd.Series(decisions, index=pdf.index, dtype=object)
    out[ERROR_FIELD] = pd.Series(errors, index=pdf.index, dtype=object)
    return out
