import ct from 'city-timezones';
for (const c of ['Atlanta','Bangalore','Bengaluru','Birmingham','NYC','New York City']) console.log(c, ct.lookupViaCity(c).map(x=>x.timezone+'/'+x.province), ct.findFromCityStateProvince(c).length);
console.log(ct.findFromCityStateProvince('Birmingham, UK').length, ct.findFromCityStateProvince('Birmingham United Kingdom').length, ct.findFromCityStateProvince('Birmingham England').length);
