"""modelcluster's ``ClusterableModel``, read from the database more cheaply.

modelcluster's constructor lists the model's child relations on every instance, to take the
child lists one may pass as keyword arguments. A row read from the database is built from
positional values only, so there is nothing to take: an event page showing 40 sessions, 60
speakers and 85 organisations spent 3.4 % of its instructions listing relations it then did
not use (bench/instructions.py). Built with keyword arguments, a model behaves exactly as
modelcluster's.
"""

from modelcluster import models as cluster


class ClusterableModel(cluster.ClusterableModel):
    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        if kwargs:
            super().__init__(*args, **kwargs)
        else:  # what modelcluster does when no child list is given, without looking for one
            super(cluster.ClusterableModel, self).__init__(*args)
