"""Training the learned scorer (needs the ``[train]`` extras: torch, transformers).

Nothing at run time imports this package. One command trains, exports and
quantises the model that ships in ``scoring/model/``::

    python -m scoring.training.train --seed 13

See ``scoring/model/MODEL_CARD.md`` for the data, settings and figures.
"""
