"""Requests to connect a school that is not in the electronic diary yet (seed: «Что делать,
если школа не подключена»): addressed to the school's regional education authority."""
