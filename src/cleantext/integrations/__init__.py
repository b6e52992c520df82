"""Adapters for distributed engines; each module imports its engine lazily.

- :mod:`cleantext.integrations.dask`: clean a ``dask.bag`` of records or a column of a
  ``dask.dataframe`` (``pip install 'cleantext-injections[dask]'``).
"""
